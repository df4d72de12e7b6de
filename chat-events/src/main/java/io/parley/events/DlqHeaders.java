package io.parley.events;

/** Headers a record carries on the dead-letter topic; values are UTF-8 strings. */
public final class DlqHeaders {

    /** One of {@link EventFormatException.Reason} or {@code DB_REJECTED}: a bounded set, fit for metrics. */
    public static final String REASON = "parley-dlq-reason";
    /** Human readable detail (e.g. the missing field, the database's message). */
    public static final String DETAIL = "parley-dlq-detail";
    /** Topic, partition and offset the record was consumed from. */
    public static final String ORIGIN_TOPIC = "parley-dlq-topic";
    public static final String ORIGIN_PARTITION = "parley-dlq-partition";
    public static final String ORIGIN_OFFSET = "parley-dlq-offset";
    /** Consumer group that gave up on it. */
    public static final String CONSUMER_GROUP = "parley-dlq-group";

    private DlqHeaders() {
    }
}
