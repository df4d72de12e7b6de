package io.parley.edge.pipeline;

import java.util.concurrent.atomic.AtomicInteger;

import io.parley.events.ChatMessageEvent;

/**
 * A chat message on its way to Kafka, with who decided its fate first: the producer, which
 * {@linkplain #claim() claims} it when it serializes the record (from then on Kafka's producer
 * gives the verdict within its delivery.timeout.ms), or the edge, which {@linkplain #abandon()
 * abandons} it when {@code parley.pipeline.kafka-timeout} passed before that (the sender is told
 * UNAVAILABLE, the room gets message:retracted, and the record must then never be written).
 * Without this, a record still queued in the connector when the edge gave up, or resent by the
 * connector's retries, was written once the broker came back: stored although retracted.
 */
public final class OutgoingChatMessage {

    private static final int PENDING = 0;
    private static final int CLAIMED = 1;
    private static final int ABANDONED = 2;

    private final ChatMessageEvent event;
    private final AtomicInteger state = new AtomicInteger(PENDING);

    public OutgoingChatMessage(ChatMessageEvent event) {
        this.event = event;
    }

    public ChatMessageEvent event() {
        return event;
    }

    /**
     * The producer is about to append the record: true only the first time, and only if the edge has
     * not abandoned it. Once claimed, the producer's verdict is final: a resend of the same record
     * by the connector (its retries after a failure) is refused, as it could land after the edge
     * reported the failure.
     */
    public boolean claim() {
        return state.compareAndSet(PENDING, CLAIMED);
    }

    /** The producer took the record: from then on only its verdict says whether it was written. */
    public boolean claimed() {
        return state.get() == CLAIMED;
    }

    /** The edge gives up: true if the record was not claimed, so it will never be written. */
    public boolean abandon() {
        return state.compareAndSet(PENDING, ABANDONED) || state.get() == ABANDONED;
    }
}
