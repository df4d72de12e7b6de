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

    private volatile Identity identity;
    private final SendRateLimiter sendLimiter;
    /** Vert.x timer that ends the socket when its token expires; -1 when none. */
    private long expiryTimer = -1;
    private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);

    public ChatSession(Identity identity, SendRateLimiter sendLimiter) {
        this.identity = identity;
        this.sendLimiter = sendLimiter;
    }

    public Identity identity() {
        return identity;
    }

    /** Replaces the identity after a successful {@code auth:refresh} (same user). */
    public void identity(Identity refreshed) {
        if (!refreshed.userId().equals(identity.userId())) {
            throw new IllegalArgumentException("a refreshed identity must be the same user");
        }
        this.identity = refreshed;
    }

    /** Sets the expiry timer and returns the one it replaces (-1 when none). */
    public synchronized long expiryTimer(long timerId) {
        long previous = expiryTimer;
        expiryTimer = timerId;
        return previous;
    }

    /** Clears the expiry timer if it is still {@code timerId}; false when a newer one replaced it. */
    public synchronized boolean clearExpiryTimer(long timerId) {
        if (expiryTimer != timerId) {
            return false;
        }
        expiryTimer = -1;
        return true;
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
