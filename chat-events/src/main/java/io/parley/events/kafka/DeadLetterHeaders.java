package io.parley.events.kafka;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import io.parley.events.DlqHeaders;

/**
 * Builds the {@link DlqHeaders} of a dead letter, the same way in every consumer: values UTF-8, a
 * null value written as empty, the detail cut at {@link DlqHeaders#MAX_DETAIL_LENGTH} characters.
 * Pure: no I/O, a new {@link Headers} each call.
 */
public final class DeadLetterHeaders {

    private DeadLetterHeaders() {
    }

    /**
     * The headers of a consumed record given up on: its own headers, in order, then reason, detail,
     * origin topic, partition and offset, and the consumer group.
     */
    public static Headers forRecord(ConsumerRecord<?, ?> record, String reason, String detail,
            String consumerGroup) {
        RecordHeaders headers = new RecordHeaders();
        for (Header h : record.headers()) {
            headers.add(h);
        }
        headers.add(DlqHeaders.REASON, utf8(reason));
        headers.add(DlqHeaders.DETAIL, utf8(truncate(detail)));
        headers.add(DlqHeaders.ORIGIN_TOPIC, utf8(record.topic()));
        headers.add(DlqHeaders.ORIGIN_PARTITION, utf8(Integer.toString(record.partition())));
        headers.add(DlqHeaders.ORIGIN_OFFSET, utf8(Long.toString(record.offset())));
        headers.add(DlqHeaders.CONSUMER_GROUP, utf8(consumerGroup));
        return headers;
    }

    /** The headers of something given up on that was not consumed as it is (no origin): reason, detail, group. */
    public static Headers of(String reason, String detail, String consumerGroup) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(DlqHeaders.REASON, utf8(reason));
        headers.add(DlqHeaders.DETAIL, utf8(truncate(detail)));
        headers.add(DlqHeaders.CONSUMER_GROUP, utf8(consumerGroup));
        return headers;
    }

    /** {@code detail} cut to {@link DlqHeaders#MAX_DETAIL_LENGTH} characters; null stays null. */
    public static String truncate(String detail) {
        return detail == null || detail.length() <= DlqHeaders.MAX_DETAIL_LENGTH ? detail
                : detail.substring(0, DlqHeaders.MAX_DETAIL_LENGTH);
    }

    private static byte[] utf8(String s) {
        return (s == null ? "" : s).getBytes(StandardCharsets.UTF_8);
    }
}
