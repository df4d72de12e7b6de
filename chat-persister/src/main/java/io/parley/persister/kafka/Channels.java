package io.parley.persister.kafka;

/** Reactive Messaging channel names (configured in application.properties); tests reuse them. */
public final class Channels {

    public static final String CHAT_MESSAGES_IN = "chat-messages-in";
    public static final String USER_EVENTS_IN = "user-events-in";
    public static final String DLQ_OUT = "dlq-out";
    public static final String MEMBERSHIP_OUT = "membership-out";

    private Channels() {
    }
}
