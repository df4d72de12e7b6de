package io.parley.notifier.kafka;

/** Reactive Messaging channel names (configured in application.properties). */
public final class Channels {

    public static final String CHAT_MESSAGES_IN = "chat-messages-in";
    public static final String MEMBERSHIP_IN = "membership-in";
    /** Poison records of the consumed topics, byte for byte, to chat-messages-dlq. */
    public static final String CHAT_DLQ_OUT = "chat-dlq-out";
    /** Notifications given up on, to {@link #NOTIFICATIONS_DLQ_TOPIC}. */
    public static final String NOTIFICATIONS_DLQ_OUT = "notifications-dlq-out";

    /** Topic of notifications that could not be delivered (key = userId, value = DeadNotification JSON). */
    public static final String NOTIFICATIONS_DLQ_TOPIC = "notifications-dlq";

    private Channels() {
    }
}
