package io.parley.edge.chat;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import io.smallrye.mutiny.Uni;

/**
 * Runs the ordered part of a socket's sends (rate-limit check, sequence number and publish) one
 * after the other, so that messages a client sends without waiting for each ack keep the client's
 * order. Without it, two sends in flight race through separate Redis connections of the pool and
 * can take their sequence numbers in the reverse order. The queue is bounded by the per-socket send
 * bucket, which is checked before a send is queued.
 */
final class SendOrder {

    private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);

    /**
     * A Uni that runs {@code step} once the previous step of this socket has terminated (with an
     * item, a failure or a cancellation). The caller must subscribe to it.
     */
    synchronized <T> Uni<T> next(Supplier<Uni<? extends T>> step) {
        CompletableFuture<Void> previous = tail;
        CompletableFuture<Void> mine = new CompletableFuture<>();
        tail = mine;
        return Uni.createFrom().completionStage(previous).onItem().<T> transformToUni(ignored -> step.get())
                .onTermination().invoke(() -> mine.complete(null));
    }
}
