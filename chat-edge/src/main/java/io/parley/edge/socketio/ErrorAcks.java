package io.parley.edge.socketio;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The {@code {ok:false, error:{code, message}}} acknowledgement used for every failure. */
public final class ErrorAcks {

    private ErrorAcks() {
    }

    public static ObjectNode error(String code, String message) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("ok", false);
        ObjectNode error = body.putObject("error");
        error.put("code", code);
        error.put("message", message);
        return body;
    }

    static void internal(Ack ack) {
        ack.send(error("INTERNAL", "The server could not handle this event"));
    }
}
