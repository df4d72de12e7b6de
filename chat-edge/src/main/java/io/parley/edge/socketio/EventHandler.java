package io.parley.edge.socketio;

import com.fasterxml.jackson.databind.node.ArrayNode;

/** Handles one client event; {@code args} excludes the event name. Runs on the socket's event loop. */
@FunctionalInterface
public interface EventHandler {
    void handle(Socket socket, ArrayNode args, Ack ack);
}
