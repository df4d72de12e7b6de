package io.parley.edge.chat;

import java.util.concurrent.CompletableFuture;

/**
 * Keeps one socket's joins and sends in the order they arrived: a client may emit
 * {@code room:join} and several {@code message:send} without waiting for acks, and their Redis calls
 * (rate limit, then join, or sequence and publish) would otherwise race on different pooled
 * connections: sends numbered out of order, a send refused NOT_A_MEMBER because the join before it
 * was still at its rate-limit call. Only those steps are serialized; the wait for Kafka is not.
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
