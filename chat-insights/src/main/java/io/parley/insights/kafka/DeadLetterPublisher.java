package io.parley.insights.kafka;

import java.nio.charset.StandardCharsets;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.parley.events.DlqHeaders;
import io.parley.insights.config.InsightsConfig;
import io.parley.insights.service.InsightsMetrics;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Sends a record that can never be stored to {@code insights-dlq}: the original key, value and
 * headers, plus the {@link DlqHeaders} (reason, detail, origin topic/partition/offset, group). The
 * returned Uni completes when the broker has acknowledged it; the consumer waits for that before its
 * batch (and so the poison record's offset) is acknowledged.
 */
@ApplicationScoped
public class DeadLetterPublisher {

    private static final Logger LOG = Logger.getLogger(DeadLetterPublisher.class);

    private final MutinyEmitter<byte[]> emitter;
    private final InsightsConfig config;
    private final InsightsMetrics metrics;

    public DeadLetterPublisher(@Channel(Channels.DLQ_OUT) MutinyEmitter<byte[]> emitter, InsightsConfig config,
            InsightsMetrics metrics) {
        this.emitter = emitter;
        this.config = config;
        this.metrics = metrics;
    }

    public Uni<Void> send(ConsumerRecord<String, byte[]> record, String reason, String detail) {
        LOG.warnf("dead-lettering %s-%d@%d: %s %s", record.topic(), record.partition(), record.offset(), reason,
                detail);
        var headers = new org.apache.kafka.common.header.internals.RecordHeaders();
        for (Header h : record.headers()) {
            headers.add(h);
        }
        headers.add(DlqHeaders.REASON, utf8(reason));
        headers.add(DlqHeaders.DETAIL, utf8(truncate(detail, 1000)));
        headers.add(DlqHeaders.ORIGIN_TOPIC, utf8(record.topic()));
        headers.add(DlqHeaders.ORIGIN_PARTITION, utf8(Integer.toString(record.partition())));
        headers.add(DlqHeaders.ORIGIN_OFFSET, utf8(Long.toString(record.offset())));
        headers.add(DlqHeaders.CONSUMER_GROUP, utf8(config.consumerGroup()));
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(record.key()).withHeaders(headers).build();
        Message<byte[]> message = Message.of(record.value() == null ? new byte[0] : record.value())
                .addMetadata(metadata);
        return emitter.sendMessage(message).invoke(() -> metrics.deadLettered(reason));
    }

    private static byte[] utf8(String s) {
        return (s == null ? "" : s).getBytes(StandardCharsets.UTF_8);
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
