package io.parley.events.kafka;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import io.parley.events.ContractEvent;
import io.parley.events.EventFormatException;
import io.parley.events.EventJson;

/**
 * A polled batch of raw records (values read as bytes) decoded with {@link EventJson#read}: the valid
 * events with the record each came from, and the invalid records with why, to be dead-lettered by
 * the consumer. Consumers read values as bytes so that a record that is not a valid event never
 * breaks the poll loop. Pure: no I/O.
 *
 * @param decoded the valid events, in partition order
 * @param invalid the records that are not a valid event, in partition order
 * @param total   how many records the batch held
 */
public record DecodedBatch<T extends ContractEvent>(List<Decoded<T>> decoded, List<Invalid> invalid, int total) {

    /** A valid event and the record it was read from. */
    public record Decoded<T>(T event, ConsumerRecord<String, byte[]> record) {
    }

    /** A record that is not a valid event of the contract. */
    public record Invalid(ConsumerRecord<String, byte[]> record, EventFormatException error) {

        /** The dead letter's reason: the {@link EventFormatException.Reason} name. */
        public String reason() {
            return error.reason().name();
        }

        /** The dead letter's detail: what is wrong. */
        public String detail() {
            return error.getMessage();
        }
    }

    public DecodedBatch {
        decoded = List.copyOf(decoded);
        invalid = List.copyOf(invalid);
    }

    /** Reads every record's value as an event of {@code type}. */
    public static <T extends ContractEvent> DecodedBatch<T> decode(Iterable<ConsumerRecord<String, byte[]>> records,
            Class<T> type) {
        List<Decoded<T>> decoded = new ArrayList<>();
        List<Invalid> invalid = new ArrayList<>();
        int total = 0;
        for (ConsumerRecord<String, byte[]> record : records) {
            total++;
            try {
                decoded.add(new Decoded<>(EventJson.read(record.value(), type), record));
            } catch (EventFormatException e) {
                invalid.add(new Invalid(record, e));
            }
        }
        return new DecodedBatch<>(decoded, invalid, total);
    }

    /** The valid events, in partition order. */
    public List<T> events() {
        return decoded.stream().map(Decoded::event).toList();
    }

    /**
     * The record of the first valid event of each id, e.g. to dead-letter the record of an event the
     * database refused.
     */
    public Map<String, ConsumerRecord<String, byte[]>> firstRecordById(Function<? super T, String> id) {
        Map<String, ConsumerRecord<String, byte[]>> first = new LinkedHashMap<>();
        for (Decoded<T> d : decoded) {
            first.putIfAbsent(id.apply(d.event()), d.record());
        }
        return first;
    }
}
