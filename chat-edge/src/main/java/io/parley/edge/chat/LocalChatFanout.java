package io.parley.edge.chat;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.parley.edge.socketio.Namespace;
import io.smallrye.mutiny.Uni;

/**
 * Sequence numbers and dedup kept in this node's memory: only for a single node without Redis
 * ({@code parley.cluster.enabled=false}). Numbers restart with the process.
 */
public final class LocalChatFanout implements ChatFanout {

    private final Map<String, AtomicLong> sequences = new ConcurrentHashMap<>();
    private final RecentSends recentSends;

    public LocalChatFanout(Duration window, int maxRememberedKeys) {
        this.recentSends = new RecentSends(window.toMillis(), maxRememberedKeys);
    }

    @Override
    public Uni<Result> deliver(Namespace namespace, String event, String roomId, ObjectNode message, String dedupKey) {
        long now = System.currentTimeMillis();
        if (dedupKey != null) {
            Result previous = recentSends.claim(dedupKey, now);
            if (previous != null) {
                return Uni.createFrom().item(previous);
            }
        }
        AtomicLong sequence = sequences.computeIfAbsent(roomId, r -> new AtomicLong());
        long seq;
        synchronized (sequence) {
            seq = sequence.incrementAndGet();
            message.put("seq", seq);
            try {
                namespace.to(roomId).local().emit(event, message);
            } catch (RuntimeException e) {
                if (dedupKey != null) {
                    recentSends.forget(dedupKey); // not delivered: a resend must be tried again
                }
                throw e;
            }
        }
        Result result = new Result(Status.DELIVERED, message.path("id").asText(), seq, message.path("ts").asLong());
        if (dedupKey != null) {
            recentSends.remember(dedupKey, new Result(Status.IN_FLIGHT, result.id(), seq, result.ts()), now);
        }
        return Uni.createFrom().item(result);
    }

    @Override
    public String dedupKey(String roomId, String userId, String clientMsgId) {
        return roomId + "\u0000" + userId + "\u0000" + clientMsgId;
    }

    @Override
    public void completed(String dedupKey, Result result) {
        if (dedupKey != null) {
            recentSends.remember(dedupKey, new Result(Status.DUPLICATE, result.id(), result.seq(), result.ts()),
                    System.currentTimeMillis());
        }
    }

    @Override
    public long rememberedKeys() {
        return recentSends.size();
    }

    @Override
    public long keysForgottenEarly() {
        return recentSends.forgottenEarly();
    }

    @Override
    public void failed(String dedupKey) {
        if (dedupKey != null) {
            recentSends.forget(dedupKey);
        }
    }
}
