package io.parley.edge.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

import io.parley.events.ChatMessageEvent;
import io.parley.events.EventJson;

class ClaimingSerializerTest {

    private final ClaimingSerializer serializer = new ClaimingSerializer();

    private static OutgoingChatMessage message() {
        return new OutgoingChatMessage(ChatMessageEvent.of("0190f5a2-7c3e-7a01-8b2c-1234567890ab", "room", 1, "alice",
                "hello", "c1", 1_720_000_000_000L, "node-1"));
    }

    @Test
    void writesTheContractJsonOnceAndThenTheEdgeCannotAbandonIt() {
        OutgoingChatMessage message = message();
        assertArrayEquals(EventJson.write(message.event()), serializer.serialize("chat-messages", message));
        assertFalse(message.abandon(), "the producer has it: only its verdict counts");
    }

    @Test
    void refusesAMessageTheEdgeAbandoned() {
        OutgoingChatMessage message = message();
        assertTrue(message.abandon());
        assertThrows(SerializationException.class, () -> serializer.serialize("chat-messages", message));
    }

    @Test
    void refusesAResendByTheConnectorAfterTheProducersVerdict() {
        OutgoingChatMessage message = message();
        serializer.serialize("chat-messages", message);
        assertThrows(SerializationException.class, () -> serializer.serialize("chat-messages", message));
    }
}
