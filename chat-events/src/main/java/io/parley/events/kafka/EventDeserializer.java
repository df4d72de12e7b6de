package io.parley.events.kafka;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

import io.parley.events.ContractEvent;
import io.parley.events.EventFormatException;
import io.parley.events.EventJson;

/**
 * Kafka value deserializer of one event type; Kafka needs a no-argument class per type, hence the
 * nested subclasses. An invalid record throws a {@link SerializationException} whose cause is the
 * {@link EventFormatException}. Consumers that must dead-letter such records instead read the value
 * as bytes and call {@link EventJson#read} themselves (as the persister does).
 */
public abstract class EventDeserializer<T extends ContractEvent> implements Deserializer<T> {

    private final Class<T> type;

    protected EventDeserializer(Class<T> type) {
        this.type = type;
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        try {
            return EventJson.read(data, type);
        } catch (EventFormatException e) {
            throw new SerializationException(e.reason() + ": " + e.getMessage(), e);
        }
    }

    public static class ChatMessage extends EventDeserializer<io.parley.events.ChatMessageEvent> {
        public ChatMessage() {
            super(io.parley.events.ChatMessageEvent.class);
        }
    }

    public static class User extends EventDeserializer<io.parley.events.UserEvent> {
        public User() {
            super(io.parley.events.UserEvent.class);
        }
    }

    public static class SystemLog extends EventDeserializer<io.parley.events.SystemLogEvent> {
        public SystemLog() {
            super(io.parley.events.SystemLogEvent.class);
        }
    }

    public static class Membership extends EventDeserializer<io.parley.events.MembershipEvent> {
        public Membership() {
            super(io.parley.events.MembershipEvent.class);
        }
    }
}
