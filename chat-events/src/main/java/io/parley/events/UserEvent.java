package io.parley.events;

/**
 * Something a user did on an edge node, on {@link Topics#USER_EVENTS} with key = userId.
 *
 * @param schemaVersion {@link #SCHEMA_VERSION}
 * @param eventId       unique id of this event (UUID string)
 * @param type          what happened
 * @param userId        the user
 * @param roomId        the room, for JOINED, LEFT and READ; null otherwise
 * @param socketId      the Socket.IO socket id
 * @param nodeId        the edge node
 * @param ts            Unix epoch milliseconds
 * @param lastReadSeq   for READ: the highest seq the user has read in roomId; null otherwise
 */
public record UserEvent(int schemaVersion, String eventId, Type type, String userId, String roomId, String socketId,
        String nodeId, long ts, Long lastReadSeq) implements ContractEvent {

    public static final int SCHEMA_VERSION = 1;

    public enum Type {
        CONNECTED, DISCONNECTED, JOINED, LEFT, READ
    }

    public static UserEvent of(String eventId, Type type, String userId, String roomId, String socketId,
            String nodeId, long ts, Long lastReadSeq) {
        return new UserEvent(SCHEMA_VERSION, eventId, type, userId, roomId, socketId, nodeId, ts, lastReadSeq);
    }

    @Override
    public String key() {
        return userId;
    }
}
