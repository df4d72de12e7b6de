package io.parley.edge.identity;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.parley.edge.socketio.ConnectRefusedException;

/**
 * A refused token. The client only learns the code: {@link #AUTH_REQUIRED} (no token) or
 * {@link #AUTH_INVALID} (whatever check failed: signature, key, algorithm, issuer, audience, expiry).
 */
public final class AuthException extends ConnectRefusedException {

    public static final String AUTH_REQUIRED = "AUTH_REQUIRED";
    public static final String AUTH_INVALID = "AUTH_INVALID";

    private final String code;

    private AuthException(String message, String code) {
        super(message, JsonNodeFactory.instance.objectNode().put("code", code));
        this.code = code;
    }

    public static AuthException required() {
        return new AuthException("Authentication required", AUTH_REQUIRED);
    }

    public static AuthException invalid() {
        return new AuthException("Invalid token", AUTH_INVALID);
    }

    public String code() {
        return code;
    }
}
