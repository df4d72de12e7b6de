package io.parley.notifier.kafka;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.parley.events.DlqHeaders;
import io.parley.events.kafka.DeadLetterHeaders;
import io.parley.events.kafka.DecodedBatch;
import io.parley.notifier.config.NotifierConfig;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Sends a consumed record that can never be processed (not a valid event) to {@code chat-messages-dlq}:
 * the original key, value and headers, plus the {@link DlqHeaders} of {@link DeadLetterHeaders#forRecord}
 * (reason, detail, origin topic/partition/offset, group). The returned Uni completes when the broker
 * has acknowledged it; the consumer waits for that before its batch (and so the poison record's
 * offset) is acknowledged. Same format as chat-persister's.
 */
@ApplicationScoped
public class DeadLetterPublisher {

    private static final Logger LOG = Logger.getLogger(DeadLetterPublisher.class);

    private final MutinyEmitter<byte[]> emitter;
    private final NotifierConfig config;

    public DeadLetterPublisher(@Channel(Channels.CHAT_DLQ_OUT) MutinyEmitter<byte[]> emitter, NotifierConfig config) {
        this.emitter = emitter;
        this.config = config;
    }

    /** Dead-letters a record that is not a valid event, with its reason and detail. */
    public Uni<Void> send(DecodedBatch.Invalid invalid) {
        return send(invalid.record(), invalid.reason(), invalid.detail());
    }

    public Uni<Void> send(ConsumerRecord<String, byte[]> record, String reason, String detail) {
        LOG.warnf("dead-lettering %s-%d@%d: %s %s", record.topic(), record.partition(), record.offset(), reason,
                detail);
        Headers headers = DeadLetterHeaders.forRecord(record, reason, detail, config.consumerGroup());
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(record.key()).withHeaders(headers).build();
        Message<byte[]> message = Message.of(record.value() == null ? new byte[0] : record.value())
                .addMetadata(metadata);
        return emitter.sendMessage(message);
    }
}
