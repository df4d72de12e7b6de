package io.parley.events.kafka;

import org.apache.kafka.common.serialization.Serializer;

import io.parley.events.ContractEvent;
import io.parley.events.EventJson;

/** Kafka value serializer for every event of the contract ({@code value.serializer} = this class). */
public class EventSerializer implements Serializer<ContractEvent> {

    @Override
    public byte[] serialize(String topic, ContractEvent event) {
        return event == null ? null : EventJson.write(event);
    }
}
