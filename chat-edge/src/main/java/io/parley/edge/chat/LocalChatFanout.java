package io.parley.edge.chat;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.parley.edge.socketio.Namespace;
import io.smallrye.mutiny.Uni;

/**
 * Sequence numbers kept in this node's memory: only for a single node without Redis
 * ({@code parley.cluster.enabled=false}). Numbers restart with the process.
 */
public final class LocalChatFanout implements ChatFanout {

    private final Map<String, AtomicLong> sequences = new ConcurrentHashMap<>();

    @Override
    public Uni<Long> deliver(Namespace namespace, String event, String roomId, ObjectNode message) {
        AtomicLong sequence = sequences.computeIfAbsent(roomId, r -> new AtomicLong());
        long seq;
        synchronized (sequence) {
            seq = sequence.incrementAndGet();
            message.put("seq", seq);
            namespace.to(roomId).local().emit(event, message);
        }
        return Uni.createFrom().item(seq);
    }
}
