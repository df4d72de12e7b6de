package io.parley.events;

/**
 * A change of a group's membership, published by the persister after it is committed, on
 * {@link Topics#MEMBERSHIP_EVENTS} with key = roomId (so the changes of one room stay in order).
 * Every edge node reads all of them: on MEMBER_REMOVED it makes the user's local sockets leave
 * roomId; on MEMBER_ADDED it may let them join.
 *
 * @param schemaVersion {@link #SCHEMA_VERSION}
 * @param eventId       unique id (UUID string)
 * @param type          what changed
 * @param groupId       the group (UUID string)
 * @param roomId        the group's room id on the edges
 * @param userId        the member added or removed
 * @param role          MEMBER or ADMIN for MEMBER_ADDED; null for MEMBER_REMOVED
 * @param actorId       who made the change; null when unknown (no authentication yet)
 * @param ts            Unix epoch milliseconds of the change
 */
public record MembershipEvent(int schemaVersion, String eventId, Type type, String groupId, String roomId,
        String userId, String role, String actorId, long ts) implements ContractEvent {

    public static final int SCHEMA_VERSION = 1;

    public enum Type {
        MEMBER_ADDED, MEMBER_REMOVED
    }

    public static MembershipEvent of(String eventId, Type type, String groupId, String roomId, String userId,
            String role, String actorId, long ts) {
        return new MembershipEvent(SCHEMA_VERSION, eventId, type, groupId, roomId, userId, role, actorId, ts);
    }

    @Override
    public String key() {
        return roomId;
    }
}
