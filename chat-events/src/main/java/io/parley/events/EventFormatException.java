package io.parley.events;

/** A record that is not a valid event of the contract; never worth retrying. */
public class EventFormatException extends RuntimeException {

    /** Why: a small fixed set, used as the DLQ reason header and as a metric tag. */
    public enum Reason {
        /** Not JSON, or JSON of the wrong shape (e.g. a string where a number belongs). */
        MALFORMED_JSON,
        /** schemaVersion missing or not one this consumer knows. */
        UNSUPPORTED_SCHEMA_VERSION,
        /** A required field is absent or null. */
        MISSING_FIELD,
        /** A field is present but out of its range (too long, not a UUID, unknown enum value...). */
        INVALID_FIELD
    }

    private final Reason reason;

    public EventFormatException(Reason reason, String detail) {
        super(detail);
        this.reason = reason;
    }

    public EventFormatException(Reason reason, String detail, Throwable cause) {
        super(detail, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
