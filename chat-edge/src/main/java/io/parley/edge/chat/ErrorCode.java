package io.parley.edge.chat;

/** Error codes of failed chat acks ({@code {ok:false, error:{code, message}}}); documented in docs/events.md. */
public enum ErrorCode {
    /** The payload is missing, of the wrong type, or a field is invalid. */
    BAD_REQUEST,
    /** CONNECT without a token (in {@code connect_error}). */
    AUTH_REQUIRED,
    /**
     * CONNECT or {@code auth:refresh} with a token that is not valid: bad signature or unknown key,
     * {@code alg: none}, wrong issuer or audience, expired, or another user's token on refresh. The
     * client is not told which check failed.
     */
    AUTH_INVALID,
    /** The user may not do this (e.g. join a private group it is not a member of, or others' dm). */
    FORBIDDEN,
    /** The group of a {@code grp:<id>} room does not exist. */
    NOT_FOUND,
    /** CONNECT refused: the user or its IP has as many connections as allowed (in {@code connect_error}). */
    TOO_MANY_CONNECTIONS,
    /** The socket has not joined the room it sends or types to. */
    NOT_A_MEMBER,
    /** Too many sends; {@code retryAfterMs} says when to try again. */
    RATE_LIMITED,
    /** The message body is longer than the configured limit. */
    TOO_LARGE,
    /** The socket is in as many rooms as allowed. */
    TOO_MANY_ROOMS,
    /** A dependency is down; the action did not happen and may be retried. */
    UNAVAILABLE,
    /** No such event. */
    UNKNOWN_EVENT,
    /** An unexpected server error; the action did not happen. */
    INTERNAL
}
