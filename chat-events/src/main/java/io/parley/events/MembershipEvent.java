package io.parley.events;

/**
 * A change of a group's membership, published by the persister after it is committed, on
 * {@link Topics#MEMBERSHIP_EVENTS} with key = roomId (so the changes of one room stay in order).
 * Every edge node reads all of them: on MEMBER_REMOVED it makes the user's local sockets leave
 * roomId; on MEMBER_ADDED it may let them join. GROUP_CREATED (added later, additive) comes before
 * the new group's MEMBER_ADDED events and carries its visibility; consumers that do not know a type
 * read it as null and skip the event.
 *
 * @param schemaVersion {@link #SCHEMA_VERSION}
 * @param eventId       unique id (UUID string)
 * @param type          what changed
 * @param groupId       the group (UUID string)
 * @param roomId        the group's room id on the edges
 * @param userId        the member added or removed; for GROUP_CREATED the creator
 * @param role          MEMBER or ADMIN for MEMBER_ADDED; null for MEMBER_REMOVED and GROUP_CREATED
 * @param actorId       who made the change (the caller's user id); null when unknown
 * @param ts            Unix epoch milliseconds of the change
 * @param visibility    optional: PUBLIC, PRIVATE or DIRECT for GROUP_CREATED (DIRECT: members only,
 *                      like PRIVATE); null for the other types
 */
public record MembershipEvent(int schemaVersion, String eventId, Type type, String groupId, String roomId,
        String userId, String role, String actorId, long ts, String visibility) implements ContractEvent {

    public static final int SCHEMA_VERSION = 1;

    public enum Type {
        MEMBER_ADDED, MEMBER_REMOVED, GROUP_CREATED
    }

    /** A MEMBER_ADDED or MEMBER_REMOVED event (no visibility). */
    public static MembershipEvent of(String eventId, Type type, String groupId, String roomId, String userId,
            String role, String actorId, long ts) {
        return new MembershipEvent(SCHEMA_VERSION, eventId, type, groupId, roomId, userId, role, actorId, ts, null);
    }

    /** A GROUP_CREATED event: the group, its creator and its visibility (PUBLIC, PRIVATE or DIRECT). */
    public static MembershipEvent groupCreated(String eventId, String groupId, String roomId, String creatorId,
            String visibility, long ts) {
        return new MembershipEvent(SCHEMA_VERSION, eventId, Type.GROUP_CREATED, groupId, roomId, creatorId, null,
                creatorId, ts, visibility);
    }

    @Override
    public String key() {
        return roomId;
    }
}
