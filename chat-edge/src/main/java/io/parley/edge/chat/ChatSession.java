package io.parley.edge.chat;

import java.util.ArrayDeque;
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
    /** Whether a step of {@link #inOrder} is running; the next ones wait in {@link #waiting}. Guarded by this. */
    private boolean stepRunning;
    /** Created by the first step that has to wait (most sockets never send two at once). Guarded by this. */
    private ArrayDeque<Runnable> waiting;

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
     * outcome). A step's result is passed on before the next step starts. The caller subscribes at
     * once (event handlers do): the step takes its place in the order when subscribed.
     */
    public <T> Uni<T> inOrder(Supplier<Uni<T>> step) {
        return Uni.createFrom().emitter(emitter -> {
            Runnable run = () -> {
                Uni<T> uni;
                try {
                    uni = step.get();
                } catch (Throwable failure) {
                    emitter.fail(failure);
                    stepDone();
                    return;
                }
                uni.subscribe().with(item -> {
                    emitter.complete(item);
                    stepDone();
                }, failure -> {
                    emitter.fail(failure);
                    stepDone();
                });
            };
            boolean runNow;
            synchronized (this) {
                runNow = !stepRunning;
                if (runNow) {
                    stepRunning = true;
                } else {
                    if (waiting == null) {
                        waiting = new ArrayDeque<>(4);
                    }
                    waiting.add(run);
                }
            }
            if (runNow) {
                run.run();
            }
        });
    }

    private void stepDone() {
        Runnable next;
        synchronized (this) {
            next = waiting == null ? null : waiting.poll();
            stepRunning = next != null;
        }
        if (next != null) {
            next.run();
        }
    }
}
