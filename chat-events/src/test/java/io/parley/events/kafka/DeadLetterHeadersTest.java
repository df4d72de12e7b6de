package io.parley.events.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.junit.jupiter.api.Test;

import io.parley.events.DlqHeaders;
import io.parley.events.Topics;

class DeadLetterHeadersTest {

    private static String value(Headers headers, String key) {
        Header h = headers.lastHeader(key);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static List<String> keys(Headers headers) {
        List<String> keys = new ArrayList<>();
        headers.forEach(h -> keys.add(h.key()));
        return keys;
    }

    @Test
    void aConsumedRecordKeepsItsHeadersAndGetsItsOriginReasonDetailAndGroup() {
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>(Topics.CHAT_MESSAGES, 3, 12345L, "room-1",
                "{}".getBytes(StandardCharsets.UTF_8));
        record.headers().add("traceparent", "00-abc-01".getBytes(StandardCharsets.UTF_8));

        Headers headers = DeadLetterHeaders.forRecord(record, "MISSING_FIELD", "missing field senderId",
                "chat-persister");

        assertEquals(List.of("traceparent", DlqHeaders.REASON, DlqHeaders.DETAIL, DlqHeaders.ORIGIN_TOPIC,
                DlqHeaders.ORIGIN_PARTITION, DlqHeaders.ORIGIN_OFFSET, DlqHeaders.CONSUMER_GROUP), keys(headers));
        assertEquals("00-abc-01", value(headers, "traceparent"));
        assertEquals("MISSING_FIELD", value(headers, DlqHeaders.REASON));
        assertEquals("missing field senderId", value(headers, DlqHeaders.DETAIL));
        assertEquals(Topics.CHAT_MESSAGES, value(headers, DlqHeaders.ORIGIN_TOPIC));
        assertEquals("3", value(headers, DlqHeaders.ORIGIN_PARTITION));
        assertEquals("12345", value(headers, DlqHeaders.ORIGIN_OFFSET));
        assertEquals("chat-persister", value(headers, DlqHeaders.CONSUMER_GROUP));
        assertEquals(1, keys(record.headers()).size(), "the consumed record's headers are not changed");
    }

    @Test
    void theDetailIsCutAndNullsAreWrittenEmpty() {
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>(Topics.USER_EVENTS, 0, 0L, null, null);
        String longDetail = "é".repeat(DlqHeaders.MAX_DETAIL_LENGTH + 5);

        Headers headers = DeadLetterHeaders.forRecord(record, DlqHeaders.REASON_DB_REJECTED, longDetail, null);

        assertEquals("é".repeat(DlqHeaders.MAX_DETAIL_LENGTH), value(headers, DlqHeaders.DETAIL));
        assertEquals("", value(headers, DlqHeaders.CONSUMER_GROUP));
        assertEquals("", value(DeadLetterHeaders.forRecord(record, "MALFORMED_JSON", null, "g"), DlqHeaders.DETAIL));
    }

    @Test
    void withoutARecordOnlyReasonDetailAndGroup() {
        Headers headers = DeadLetterHeaders.of("RETRIES_EXHAUSTED", "x".repeat(1500), "chat-notifier");
        assertEquals(List.of(DlqHeaders.REASON, DlqHeaders.DETAIL, DlqHeaders.CONSUMER_GROUP), keys(headers));
        assertEquals("RETRIES_EXHAUSTED", value(headers, DlqHeaders.REASON));
        assertEquals(DlqHeaders.MAX_DETAIL_LENGTH, value(headers, DlqHeaders.DETAIL).length());
        assertEquals("chat-notifier", value(headers, DlqHeaders.CONSUMER_GROUP));
    }

    @Test
    void truncateKeepsShortDetailsAndNull() {
        assertEquals("short", DeadLetterHeaders.truncate("short"));
        String exact = "y".repeat(DlqHeaders.MAX_DETAIL_LENGTH);
        assertEquals(exact, DeadLetterHeaders.truncate(exact));
        assertNull(DeadLetterHeaders.truncate(null));
    }
}
