package io.parley.edge.chat;

/** Error codes of failed chat acks ({@code {ok:false, error:{code, message}}}); documented in docs/events.md. */
public enum ErrorCode {
    /** The payload is missing, of the wrong type, or a field is invalid. */
    BAD_REQUEST,
    /** CONNECT without valid credentials. */
    UNAUTHENTICATED,
    /** The user may not do this (e.g. join another user's private room). */
    FORBIDDEN,
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
