package io.parley.edge.chat;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.parley.edge.socketio.Namespace;
import io.smallrye.mutiny.Uni;

/**
 * Delivers a chat message to every member of its room, on every node, with the room's next
 * sequence number: members receive a room's messages in strictly increasing {@code seq} order.
 * With a dedup key, a second message with the same key within the window is not delivered again:
 * the first one's outcome is returned instead.
 */
public interface ChatFanout {

    enum Status {
        /** Numbered and delivered now. */
        DELIVERED,
        /** The same key was delivered before and its send completed: here is the original. */
        DUPLICATE,
        /** The same key was delivered before and its send has not completed yet. */
        IN_FLIGHT
    }

    record Result(Status status, String id, long seq, long ts) {
    }

    /**
     * Numbers and delivers the message (the {@code seq} field is added to it).
     *
     * @param dedupKey null when the message has no clientMsgId
     */
    Uni<Result> deliver(Namespace namespace, String event, String roomId, ObjectNode message, String dedupKey);

    /** Dedup keys held in this node's memory (0 where they live in Redis). */
    default long rememberedKeys() {
        return 0;
    }

    /** Dedup keys this node forgot before their window ended, to stay within its cap (0 with Redis). */
    default long keysForgottenEarly() {
        return 0;
    }

    /**
     * Whether messages passed to {@link #deliver} on the calling thread are numbered in the order
     * their Unis are subscribed, whatever the order their results come back in. Then a socket's
     * next send need not wait for the previous one's result to keep its order.
     */
    default boolean numbersInSubscriptionOrder() {
        return false;
    }

    /** The key under which a user's message with a clientMsgId is remembered. */
    String dedupKey(String roomId, String userId, String clientMsgId);

    /** The send of a delivered message completed: resends now get {@link Status#DUPLICATE}. */
    void completed(String dedupKey, Result result);

    /** The send of a delivered message failed: a resend is delivered anew. */
    void failed(String dedupKey);
}
