package io.parley.edge.chat;

import java.util.concurrent.CompletableFuture;

/**
 * Keeps one socket's sends in the order they arrived until each has its seq: a client may emit
 * several {@code message:send} without waiting for acks, and the Redis calls of consecutive sends
 * (rate limit, then sequence and publish) would otherwise race on different pooled connections and
 * be numbered out of order. Only that step is serialized; the wait for Kafka is not.
 */
public final class SendOrder {

    /** A send's turn: start when {@code previous} completes, complete {@code done} when sequenced. */
    public record Turn(CompletableFuture<Void> previous, CompletableFuture<Void> done) {
    }

    private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);

    public synchronized Turn next() {
        CompletableFuture<Void> previous = tail;
        CompletableFuture<Void> done = new CompletableFuture<>();
        tail = done;
        return new Turn(previous, done);
    }
}
