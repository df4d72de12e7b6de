package io.parley.edge.chat;

/** A chat request that fails with a documented error code. */
public class ChatException extends RuntimeException {

    private final ErrorCode code;
    private final long retryAfterMs;

    public ChatException(ErrorCode code, String message) {
        this(code, message, -1);
    }

    public ChatException(ErrorCode code, String message, long retryAfterMs) {
        super(message, null, false, false);
        this.code = code;
        this.retryAfterMs = retryAfterMs;
    }

    public ErrorCode code() {
        return code;
    }

    public long retryAfterMs() {
        return retryAfterMs;
    }
}
