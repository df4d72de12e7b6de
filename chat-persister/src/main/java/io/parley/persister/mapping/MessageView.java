package io.parley.persister.mapping;

import java.time.Instant;

/** A stored message as the history API returns it. {@code ts} is the edge's epoch milliseconds. */
public record MessageView(String id, String roomId, long seq, String senderId, String body, String clientMsgId,
        long ts, String nodeId, Instant storedAt) {
}
