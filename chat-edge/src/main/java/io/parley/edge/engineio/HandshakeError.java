package io.parley.edge.engineio;

/**
 * The Engine.IO HTTP errors, with the codes and messages of the reference server. They are answered
 * with an HTTP status and the JSON body {@code {"code":N,"message":"..."}}.
 */
public enum HandshakeError {
    UNKNOWN_TRANSPORT(0, "Transport unknown", 400),
    UNKNOWN_SID(1, "Session ID unknown", 400),
    BAD_HANDSHAKE_METHOD(2, "Bad handshake method", 400),
    BAD_REQUEST(3, "Bad request", 400),
    FORBIDDEN(4, "Forbidden", 403),
    UNSUPPORTED_PROTOCOL_VERSION(5, "Unsupported protocol version", 400);

    private final int code;
    private final String message;
    private final int httpStatus;

    HandshakeError(int code, String message, int httpStatus) {
        this.code = code;
        this.message = message;
        this.httpStatus = httpStatus;
    }

    public int code() {
        return code;
    }

    public String message() {
        return message;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public String toJson() {
        return "{\"code\":" + code + ",\"message\":\"" + message + "\"}";
    }
}
