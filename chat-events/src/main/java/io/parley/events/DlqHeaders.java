package io.parley.events;

/**
 * Headers a record carries on the dead-letter topic; values are UTF-8 strings. They are built by
 * {@link io.parley.events.kafka.DeadLetterHeaders}.
 */
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

    /** The {@link #REASON} of a record the database refused (SQLSTATE class 22 or 23). */
    public static final String REASON_DB_REJECTED = "DB_REJECTED";
    /** Longest {@link #DETAIL}, in characters; a longer detail is cut. */
    public static final int MAX_DETAIL_LENGTH = 1000;

    private DlqHeaders() {
    }
}
