package io.parley.edge.chat;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import io.parley.edge.identity.Identity;
import io.parley.edge.socketio.Socket;
import io.smallrye.mutiny.Uni;

/**
 * Per-socket chat state: who the user is, its send budget, and the order of its events. A socket's
 * events are applied in the order they arrived even though each takes Redis round trips: a send
 * right after a join sees the join, and a socket's messages get sequence numbers in the order sent.
 */
public final class ChatSession implements Socket.UserBound {

    private final Identity identity;
    private final SendRateLimiter sendLimiter;
    private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);

    public ChatSession(Identity identity, SendRateLimiter sendLimiter) {
        this.identity = identity;
        this.sendLimiter = sendLimiter;
    }

    public Identity identity() {
        return identity;
    }

    public SendRateLimiter sendLimiter() {
        return sendLimiter;
    }

    @Override
    public String userId() {
        return identity.userId();
    }

    /**
     * Runs {@code step} once every step queued before it on this socket has finished (whatever its
     * outcome). The caller subscribes at once (event handlers do).
     */
    public synchronized <T> Uni<T> inOrder(Supplier<Uni<T>> step) {
        CompletableFuture<Void> previous = tail;
        CompletableFuture<Void> mine = new CompletableFuture<>();
        tail = mine;
        Supplier<Uni<? extends T>> deferred = step::get;
        return Uni.createFrom().completionStage(previous)
                .onItem().transformToUni(ignored -> Uni.createFrom().<T> deferred(deferred))
                .onTermination().invoke(() -> mine.complete(null));
    }
}
