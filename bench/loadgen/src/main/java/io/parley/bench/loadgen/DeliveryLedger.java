package io.parley.bench.loadgen;

import java.util.BitSet;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Exact accounting of deliveries per (publisher, receiver) stream: expected, delivered, missing, duplicated and
 * out-of-order, for the messages sent inside the measurement window (by their embedded send time).
 *
 * <p>A send the server refused (its ack said so: the sender knows to try again) is expected nowhere: its
 * deliveries are neither expected nor missing, and any that arrive anyway are counted apart
 * ({@link #deliveredOfRefused()}), because a refused message must not reach anyone.
 *
 * <p>Threading: {@link #recordSent} for a publisher and {@link #recordDelivery} for a receiver must each be
 * called from one thread at a time (the client's event loop); the totals are safe to read from any thread.
 */
public final class DeliveryLedger {

    /** What one received message:new was. */
    public enum Outcome { FIRST, DUPLICATE, MISROUTED, OUTSIDE_WINDOW, AFTER_FREEZE }

    private final ChatTopology topology;
    private final AtomicLongArray sentInWindow;
    private final AtomicLongArray refusedInWindow;
    /** Per publisher, the sequence numbers of its refused in-window sends (written by its thread, under its lock). */
    private final BitSet[] refusedSequences;
    private final StreamState[][] streams; // [receiver][slot of publisher in receiver's room]

    private volatile long windowStartNanos = Long.MAX_VALUE;
    private volatile long windowEndNanos = Long.MAX_VALUE;
    private volatile boolean frozen;

    private final LongAdder delivered = new LongAdder();
    private final LongAdder duplicated = new LongAdder();
    private final LongAdder outOfOrder = new LongAdder();
    private final LongAdder misrouted = new LongAdder();
    private final LongAdder deliveredAnyWindow = new LongAdder();
    private final LongAdder afterFreeze = new LongAdder();

    private static final class StreamState {
        final BitSet seen = new BitSet();
        long highest = -1;
    }

    public DeliveryLedger(ChatTopology topology) {
        this.topology = topology;
        this.sentInWindow = new AtomicLongArray(topology.publishers());
        this.refusedInWindow = new AtomicLongArray(topology.publishers());
        this.refusedSequences = new BitSet[topology.publishers()];
        for (int p = 0; p < topology.publishers(); p++) {
            refusedSequences[p] = new BitSet();
        }
        this.streams = new StreamState[topology.clients()][];
        for (int c = 0; c < topology.clients(); c++) {
            int n = topology.publishersOfRoom(topology.roomOf(c)).length;
            streams[c] = new StreamState[n];
            for (int s = 0; s < n; s++) {
                streams[c][s] = new StreamState();
            }
        }
    }

    /**
     * Sets the measurement window: messages stamped in [startNanos, endNanos) are measured. Set it before the
     * first send so that senders and receivers agree on every message.
     */
    public void setWindow(long startNanos, long endNanos) {
        windowStartNanos = startNanos;
        windowEndNanos = endNanos;
    }

    /**
     * Ends the accounting: receipts from now on are only counted as {@link Outcome#AFTER_FREEZE}, so the totals
     * read afterwards are stable (a delivery that did not arrive before the freeze is missing).
     */
    public void freeze() {
        frozen = true;
    }

    public boolean inWindow(long sentNanos) {
        return sentNanos >= windowStartNanos && sentNanos < windowEndNanos;
    }

    /** Records that the publisher sent a message stamped with sentNanos. */
    public void recordSent(int publisher, long sentNanos) {
        if (inWindow(sentNanos)) {
            sentInWindow.incrementAndGet(publisher);
        }
    }

    /** Records that the server refused the publisher's message (its ack carried an error). */
    public void recordRefused(int publisher, long sequence, long sentNanos) {
        if (!inWindow(sentNanos) || publisher < 0 || publisher >= topology.publishers()
                || sequence < 0 || sequence > Integer.MAX_VALUE) {
            return;
        }
        BitSet refused = refusedSequences[publisher];
        synchronized (refused) {
            if (refused.get((int) sequence)) {
                return;
            }
            refused.set((int) sequence);
        }
        refusedInWindow.incrementAndGet(publisher);
    }

    /** Records the receipt of a message:new by a receiver; returns what the receipt was. */
    public Outcome recordDelivery(int receiver, int publisher, long sequence, long sentNanos) {
        if (frozen) {
            afterFreeze.increment();
            return Outcome.AFTER_FREEZE;
        }
        deliveredAnyWindow.increment();
        if (publisher < 0 || publisher >= topology.publishers()
                || topology.roomOf(publisher) != topology.roomOf(receiver)
                || sequence > Integer.MAX_VALUE) {
            misrouted.increment();
            return Outcome.MISROUTED;
        }
        StreamState stream = streams[receiver][topology.slotInRoom(publisher)];
        int seq = (int) sequence;
        boolean measured = inWindow(sentNanos);
        if (stream.seen.get(seq)) {
            if (measured) {
                duplicated.increment();
            }
            return measured ? Outcome.DUPLICATE : Outcome.OUTSIDE_WINDOW;
        }
        stream.seen.set(seq);
        boolean late = seq < stream.highest;
        if (seq > stream.highest) {
            stream.highest = seq;
        }
        if (!measured) {
            return Outcome.OUTSIDE_WINDOW;
        }
        delivered.increment();
        if (late) {
            outOfOrder.increment();
        }
        return Outcome.FIRST;
    }

    /** Deliveries the accepted in-window sends should produce: refused sends are expected nowhere. */
    public long expected() {
        long total = 0;
        for (int p = 0; p < topology.publishers(); p++) {
            total += (sentInWindow.get(p) - refusedInWindow.get(p)) * topology.fanOut(p);
        }
        return total;
    }

    /** In-window sends the server refused. */
    public long refused() {
        long total = 0;
        for (int p = 0; p < topology.publishers(); p++) {
            total += refusedInWindow.get(p);
        }
        return total;
    }

    /**
     * Deliveries of refused sends that arrived all the same (a refused message must reach nobody). Read it after
     * {@link #freeze()}: it looks into every receiver's streams.
     */
    public long deliveredOfRefused() {
        long total = 0;
        for (int p = 0; p < topology.publishers(); p++) {
            if (refusedInWindow.get(p) == 0) {
                continue;
            }
            BitSet refused;
            synchronized (refusedSequences[p]) {
                refused = (BitSet) refusedSequences[p].clone();
            }
            int room = topology.roomOf(p);
            int slot = topology.slotInRoom(p);
            for (int receiver = 0; receiver < topology.clients(); receiver++) {
                if (topology.roomOf(receiver) != room) {
                    continue;
                }
                BitSet seen = streams[receiver][slot].seen;
                for (int seq = refused.nextSetBit(0); seq >= 0; seq = refused.nextSetBit(seq + 1)) {
                    if (seen.get(seq)) {
                        total++;
                    }
                }
            }
        }
        return total;
    }

    public long sentInWindow() {
        long total = 0;
        for (int p = 0; p < topology.publishers(); p++) {
            total += sentInWindow.get(p);
        }
        return total;
    }

    /** Distinct in-window deliveries. */
    public long delivered() {
        return delivered.sum();
    }

    /** Expected deliveries of accepted sends that did not arrive. */
    public long missing() {
        return missing(expected(), delivered() - deliveredOfRefused());
    }

    /** {@link #missing()} from totals already read: expected deliveries, and deliveries of accepted sends. */
    static long missing(long expected, long deliveredOfAccepted) {
        return Math.max(0, expected - deliveredOfAccepted);
    }

    public long duplicated() {
        return duplicated.sum();
    }

    /** In-window deliveries that arrived after a later message of the same stream. */
    public long outOfOrder() {
        return outOfOrder.sum();
    }

    /** Receipts from a publisher that is not in the receiver's room, or unknown. */
    public long misrouted() {
        return misrouted.sum();
    }

    /** Receipts that arrived after {@link #freeze()}. */
    public long afterFreeze() {
        return afterFreeze.sum();
    }

    /** Every message:new received before the freeze, measured or not. */
    public long receivedTotal() {
        return deliveredAnyWindow.sum();
    }
}
