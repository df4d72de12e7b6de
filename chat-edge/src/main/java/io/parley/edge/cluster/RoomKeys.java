package io.parley.edge.cluster;

/**
 * Redis keys of a chat room. Each carries the room id as a Redis Cluster hash tag, so one script
 * may touch all of a room's keys on a Redis Cluster too.
 */
public record RoomKeys(String prefix) {

    /** The room's sequence counter (INCR). */
    public String sequence(String roomId) {
        return prefix + "seq:{" + roomId + "}";
    }

    /**
     * The room's replay log: a list of its latest messages in publish order, each its seq (8 bytes,
     * big-endian) followed by the published payload.
     */
    public String replay(String roomId) {
        return prefix + "log:{" + roomId + "}";
    }

    /** A user's message with a clientMsgId, remembered for the dedup window. */
    public String dedup(String roomId, String userId, String clientMsgId) {
        return prefix + "dedup:{" + roomId + "}:" + userId + ":" + clientMsgId;
    }
}
