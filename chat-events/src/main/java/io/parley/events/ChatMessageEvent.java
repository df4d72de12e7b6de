package io.parley.events;

/**
 * A chat message accepted by an edge node, on {@link Topics#CHAT_MESSAGES} with key = roomId.
 *
 * @param schemaVersion {@link #SCHEMA_VERSION}
 * @param id            UUIDv7 (RFC 9562) string, unique per message; the idempotency key of consumers
 * @param roomId        room the message was sent to
 * @param seq           position in the room, assigned by the edge, strictly increasing per room
 * @param senderId      user id of the sender
 * @param body          message text (at most {@link #MAX_BODY_LENGTH} characters)
 * @param clientMsgId   id the client chose for its own deduplication; may be null
 * @param ts            time the edge accepted it, Unix epoch milliseconds
 * @param nodeId        edge node that accepted it
 * @param retracted     false for a message; true for a <em>retraction</em>: the edge told the sender
 *                      UNAVAILABLE although the producer may have written the message (Kafka could not
 *                      say), so it writes this copy after it, same id, key and partition: consumers
 *                      undo the message (delete it, do not count it, do not notify). Absent = false.
 */
public record ChatMessageEvent(int schemaVersion, String id, String roomId, long seq, String senderId, String body,
        String clientMsgId, long ts, String nodeId, Boolean retracted) implements ContractEvent {

    public static final int SCHEMA_VERSION = 1;

    /** An absent {@code retracted} (events written before the field existed) reads as false, never null. */
    public ChatMessageEvent {
        retracted = Boolean.TRUE.equals(retracted);
    }
    /** Longest body, in characters (UTF-16 code units, as Java's String.length()); the edge's default limit. */
    public static final int MAX_BODY_LENGTH = 4000;
    /** Longest roomId, senderId and nodeId. */
    public static final int MAX_ID_LENGTH = 128;
    /** Longest clientMsgId. */
    public static final int MAX_CLIENT_MSG_ID_LENGTH = 64;

    public static ChatMessageEvent of(String id, String roomId, long seq, String senderId, String body,
            String clientMsgId, long ts, String nodeId) {
        return new ChatMessageEvent(SCHEMA_VERSION, id, roomId, seq, senderId, body, clientMsgId, ts, nodeId, false);
    }

    /** The retraction of this message: the same event with {@code retracted = true}. */
    public ChatMessageEvent asRetraction() {
        return new ChatMessageEvent(schemaVersion, id, roomId, seq, senderId, body, clientMsgId, ts, nodeId, true);
    }

    @Override
    public String key() {
        return roomId;
    }
}
