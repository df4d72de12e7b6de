package io.parley.insights.kafka;

/** Reactive Messaging channel names (configured in application.properties); tests reuse them. */
public final class Channels {

    public static final String CHAT_MESSAGES_IN = "chat-messages-in";
    public static final String USER_EVENTS_IN = "user-events-in";
    public static final String DLQ_OUT = "dlq-out";

    /** Dead-letter topic of this consumer (its own, so a poison record is not dead-lettered twice into the persister's). */
    public static final String DLQ_TOPIC = "insights-dlq";

    private Channels() {
    }
}
