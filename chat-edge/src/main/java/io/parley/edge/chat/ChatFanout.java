package io.parley.edge.chat;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.parley.edge.socketio.Namespace;
import io.smallrye.mutiny.Uni;

/**
 * Delivers a chat message to every member of its room, on every node, with the room's next
 * sequence number: members receive a room's messages in strictly increasing {@code seq} order.
 */
public interface ChatFanout {

    /**
     * Numbers and delivers the message (the {@code seq} field is added to it).
     *
     * @return the sequence number given to the message
     */
    Uni<Long> deliver(Namespace namespace, String event, String roomId, ObjectNode message);
}
