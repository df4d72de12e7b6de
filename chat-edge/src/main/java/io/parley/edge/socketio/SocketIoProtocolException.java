package io.parley.edge.socketio;

/** Input that is not a valid Socket.IO packet; the connection is closed. */
public class SocketIoProtocolException extends RuntimeException {
    public SocketIoProtocolException(String message) {
        super(message, null, false, false);
    }
}
