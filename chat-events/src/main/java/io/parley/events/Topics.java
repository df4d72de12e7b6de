package io.parley.events;

/**
 * The Kafka topics of the event contract and what their record keys are. See
 * {@code docs/event-contract.md}.
 */
public final class Topics {

    /** {@link ChatMessageEvent}s, key = roomId: all messages of a room are in one partition, in seq order. */
    public static final String CHAT_MESSAGES = "chat-messages";

    /** {@link UserEvent}s, key = userId: the events of one user are in order. */
    public static final String USER_EVENTS = "user-events";

    /** {@link SystemLogEvent}s, key = nodeId. */
    public static final String SYSTEM_LOGS = "system-logs";

    /**
     * Records of {@link #CHAT_MESSAGES} (and {@link #USER_EVENTS}) that a consumer can never process,
     * byte for byte as they arrived, original key, with the {@link DlqHeaders}.
     */
    public static final String CHAT_MESSAGES_DLQ = "chat-messages-dlq";

    /** {@link MembershipEvent}s published by the persister, key = roomId; every edge node reads all of them. */
    public static final String MEMBERSHIP_EVENTS = "membership-events";

    private Topics() {
    }
}
