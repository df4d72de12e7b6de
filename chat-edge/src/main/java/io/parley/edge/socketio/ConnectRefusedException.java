package io.parley.edge.socketio;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Refuses a namespace CONNECT; the client gets CONNECT_ERROR {@code {"message":..., "data":...}}
 * (socket.io-client raises it as {@code connect_error} with {@code err.message} and {@code err.data}).
 */
public class ConnectRefusedException extends RuntimeException {

    private final JsonNode data;

    public ConnectRefusedException(String message, JsonNode data) {
        super(message, null, false, false);
        this.data = data;
    }

    public JsonNode data() {
        return data;
    }
}
