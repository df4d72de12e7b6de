package io.parley.edge.cluster;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Exactly-once, in-order delivery of the sequenced chat messages of the rooms this node has local
 * members in, across a lost Redis subscription.
 * <p>
 * For every such room it remembers the last {@code seq} delivered. While the subscription is down
 * and the node catches up from the rooms' replay logs ({@link #suspend()} .. {@link #resume}),
 * arriving messages are held; the replayed messages after the last one delivered go first, then
 * the held ones not already replayed, so members see every message once, in {@code seq} order.
 * Outside a catch-up nothing is held or dropped: Redis pub/sub delivers each message once, in
 * publish order (which is seq order). Messages without a sequence number (other broadcasts) are
 * never held or dropped.
 * <p>
 * Thread-safe: deliveries happen under the object's lock, in the order decided.
 */
public final class SequencedRooms {

    /** A room of a namespace. */
    public record RoomRef(String nsp, String room) {
    }

    /** Bound on what is held during one catch-up; beyond it the oldest held message is let through. */
    static final int MAX_HELD = 100_000;

    /** The last message delivered in a room: seq, id and sender's time (id null, ts 0 when only the seq is known). */
    private static final class Position {
        long seq;
        String id;
        long ts;

        Position(long seq, String id, long ts) {
            this.seq = seq;
            this.id = id;
            this.ts = ts;
        }
    }

    private final Map<RoomRef, Position> last = new HashMap<>();
    private List<BroadcastMessage> held;
    private long duplicates;
    private long replayed;

    /**
     * The room got a local member and its subscription: {@code currentSeq} is the room's sequence
     * when it was read after subscribing, so a later catch-up replays only what came after.
     */
    public synchronized void subscribed(RoomRef room, long currentSeq) {
        last.putIfAbsent(room, new Position(currentSeq, null, 0));
    }

    /** The room lost its last local member. */
    public synchronized void unsubscribed(RoomRef room) {
        last.remove(room);
    }

    /**
     * A message from the subscription: delivered now, or held while catching up.
     *
     * @param room the message's room when it has a local member (only those rooms are tracked),
     *        else null
     */
    public synchronized void offer(BroadcastMessage message, RoomRef room, Consumer<BroadcastMessage> deliver) {
        long seq = seqOf(message);
        if (seq <= 0 || room == null) {
            deliver.accept(message);
            return;
        }
        if (held != null) {
            held.add(message);
            if (held.size() > MAX_HELD) {
                admit(held.remove(0), deliver);
            }
            return;
        }
        record(room, message, seq);
        deliver.accept(message);
    }

    /** The subscription is lost: hold sequenced messages until {@link #resume}. */
    public synchronized void suspend() {
        if (held == null) {
            held = new ArrayList<>();
        }
    }

    /** Whether a catch-up is pending. */
    public synchronized boolean suspended() {
        return held != null;
    }

    /** Where each tracked room stands: the catch-up replays what was published after these numbers. */
    public synchronized Map<RoomRef, Long> positions() {
        Map<RoomRef, Long> out = new HashMap<>();
        last.forEach((room, position) -> out.put(room, position.seq));
        return Map.copyOf(out);
    }

    /**
     * The catch-up is done: the replayed messages (each room's in {@code seq} order, from the last
     * one delivered here on) are delivered first, then the held ones; what was delivered already is
     * dropped.
     * <p>
     * Redis may have lost a room's counter (a restart without persistence, a failover to a replica
     * that lagged): its sequence is then below the last one delivered here, or the log's message at
     * that number is another one. Numbering went on from a lower number, the replay holds the
     * room's whole log, and of it only the messages sent after the last one delivered here (by the
     * senders' clocks) are new.
     *
     * @param current each caught-up room's sequence as Redis has it now
     */
    public synchronized void resume(Map<RoomRef, Long> current, List<BroadcastMessage> replay,
            Consumer<BroadcastMessage> deliver) {
        List<BroadcastMessage> waiting = held == null ? List.of() : held;
        held = null;
        Map<RoomRef, Long> restartedAfter = new HashMap<>();
        current.forEach((room, seq) -> {
            Position position = last.get(room);
            if (position != null && seq < position.seq) {
                restartedAfter.put(room, position.ts);
            }
        });
        for (BroadcastMessage message : replay) {
            RoomRef room = roomOf(message);
            Position position = room == null ? null : last.get(room);
            if (position != null && position.id != null && seqOf(message) == position.seq
                    && !position.id.equals(idOf(message))) {
                restartedAfter.put(room, position.ts);
            }
        }
        restartedAfter.keySet().forEach(room -> last.get(room).seq = 0);
        for (BroadcastMessage message : replay) {
            RoomRef room = roomOf(message);
            if (room == null || !last.containsKey(room)) {
                continue;
            }
            Long after = restartedAfter.get(room);
            if (after != null && tsOf(message) <= after) {
                duplicates++;
                continue;
            }
            if (admit(message, deliver)) {
                replayed++;
            }
        }
        for (BroadcastMessage message : waiting) {
            admit(message, deliver);
        }
    }

    public synchronized long duplicatesDropped() {
        return duplicates;
    }

    public synchronized long replayedDelivered() {
        return replayed;
    }

    /** Delivers the message unless its room already got it; returns whether it was delivered. */
    private boolean admit(BroadcastMessage message, Consumer<BroadcastMessage> deliver) {
        RoomRef room = roomOf(message);
        long seq = seqOf(message);
        Position position = room == null ? null : last.get(room);
        if (position != null && seq <= position.seq) {
            duplicates++;
            return false;
        }
        if (room != null) {
            record(room, message, seq);
        }
        deliver.accept(message);
        return true;
    }

    private void record(RoomRef room, BroadcastMessage message, long seq) {
        Position position = last.get(room);
        if (position == null) {
            last.put(room, new Position(seq, idOf(message), tsOf(message)));
        } else {
            position.seq = seq;
            position.id = idOf(message);
            position.ts = tsOf(message);
        }
    }

    /** The room of a sequenced message (it targets exactly one), or null. */
    static RoomRef roomOf(BroadcastMessage message) {
        if (message.options().rooms().size() != 1) {
            return null;
        }
        return new RoomRef(message.packet().nsp(), message.options().rooms().iterator().next());
    }

    /** The message's {@code seq}, or 0 when it is not a sequenced chat message. */
    static long seqOf(BroadcastMessage message) {
        if (!message.sequenced()) {
            return 0;
        }
        return message.packet().data().path(1).path("seq").asLong(0);
    }

    static String idOf(BroadcastMessage message) {
        return message.packet().data().path(1).path("id").asText(null);
    }

    /** The sender's time of a chat message (ms), 0 when absent. */
    static long tsOf(BroadcastMessage message) {
        return message.packet().data().path(1).path("ts").asLong(0);
    }
}
