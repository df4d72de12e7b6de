package io.parley.events.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.parley.events.ChatMessageEvent;
import io.parley.events.EventFormatException.Reason;
import io.parley.events.EventJson;
import io.parley.events.Topics;

class DecodedBatchTest {

    private static final String A = "0190f5a2-7c3e-7a01-8b2c-1234567890ab";
    private static final String B = "0190f5a2-7c3e-7a01-8b2c-1234567890ac";

    private final List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();

    private ConsumerRecord<String, byte[]> add(byte[] value) {
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>(Topics.CHAT_MESSAGES, 0, records.size(),
                "room-1", value);
        records.add(record);
        return record;
    }

    private static ChatMessageEvent message(String id, long seq) {
        return ChatMessageEvent.of(id, "room-1", seq, "alice", "hi", null, 1L, "edge-1");
    }

    @Test
    void validEventsKeepTheirRecordAndInvalidOnesTheirReasonInPartitionOrder() {
        ConsumerRecord<String, byte[]> a = add(EventJson.write(message(A, 1)));
        ConsumerRecord<String, byte[]> notJson = add("not json".getBytes(StandardCharsets.UTF_8));
        ConsumerRecord<String, byte[]> b = add(EventJson.write(message(B, 2)));
        ConsumerRecord<String, byte[]> empty = add(null);
        ConsumerRecord<String, byte[]> noSender = add(("{\"schemaVersion\":1,\"id\":\"" + A
                + "\",\"roomId\":\"r\",\"seq\":1,\"body\":\"x\",\"ts\":1,\"nodeId\":\"n\"}")
                .getBytes(StandardCharsets.UTF_8));

        DecodedBatch<ChatMessageEvent> batch = DecodedBatch.decode(records, ChatMessageEvent.class);

        assertEquals(5, batch.total());
        assertEquals(List.of(message(A, 1), message(B, 2)), batch.events());
        assertSame(a, batch.decoded().get(0).record());
        assertSame(b, batch.decoded().get(1).record());
        assertEquals(List.of(notJson, empty, noSender), batch.invalid().stream().map(DecodedBatch.Invalid::record)
                .toList());
        assertEquals(List.of(Reason.MALFORMED_JSON.name(), Reason.MALFORMED_JSON.name(), Reason.MISSING_FIELD.name()),
                batch.invalid().stream().map(DecodedBatch.Invalid::reason).toList());
        assertEquals("missing field senderId", batch.invalid().get(2).detail());
    }

    @Test
    void theFirstRecordOfEachIdIsFound() {
        ConsumerRecord<String, byte[]> a1 = add(EventJson.write(message(A, 1)));
        ConsumerRecord<String, byte[]> b1 = add(EventJson.write(message(B, 2)));
        add(EventJson.write(message(A, 1)));

        Map<String, ConsumerRecord<String, byte[]>> first = DecodedBatch.decode(records, ChatMessageEvent.class)
                .firstRecordById(ChatMessageEvent::id);

        assertEquals(List.of(A, B), List.copyOf(first.keySet()));
        assertSame(a1, first.get(A));
        assertSame(b1, first.get(B));
    }

    @Test
    void anEmptyBatch() {
        DecodedBatch<ChatMessageEvent> batch = DecodedBatch.decode(List.of(), ChatMessageEvent.class);
        assertEquals(0, batch.total());
        assertEquals(List.of(), batch.events());
        assertEquals(List.of(), batch.invalid());
    }
}
