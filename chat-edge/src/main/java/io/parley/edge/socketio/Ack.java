package io.parley.edge.socketio;

import com.fasterxml.jackson.databind.JsonNode;

/** The acknowledgement callback of a client event; at most one answer is sent. */
public interface Ack {

    /** Sends the acknowledgement with these arguments (ignored when the client asked for none). */
    void send(JsonNode... args);

    /** Whether the client asked for an acknowledgement. */
    boolean requested();

    Ack NONE = new Ack() {
        @Override
        public void send(JsonNode... args) {
        }

        @Override
        public boolean requested() {
            return false;
        }
    };
}
