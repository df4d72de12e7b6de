package io.parley.edge.pipeline;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

import io.parley.events.EventJson;

/**
 * Value serializer of the chat-messages channel: writes the event as the contract says, but only
 * after {@link OutgoingChatMessage#claim() claiming} it. A message the edge already abandoned (and
 * retracted), or one the connector resends after the producer's verdict, is refused here, inside
 * the producer's send, so it is never appended. A SerializationException is final for the
 * connector: no further retry.
 */
public class ClaimingSerializer implements Serializer<OutgoingChatMessage> {

    @Override
    public byte[] serialize(String topic, OutgoingChatMessage message) {
        if (message == null) {
            return null;
        }
        if (!message.claim()) {
            throw new SerializationException("message " + message.event().id()
                    + " was abandoned after parley.pipeline.kafka-timeout, or already had its verdict: not written");
        }
        return EventJson.write(message.event());
    }
}
