package io.parley.notifier.kafka;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.parley.events.DlqHeaders;
import io.parley.events.kafka.DeadLetterHeaders;
import io.parley.notifier.config.NotifierConfig;
import io.parley.notifier.mapping.DeadNotification;
import io.parley.notifier.service.DeliveryJob;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Writes a notification given up on to {@code notifications-dlq}: key = userId, value =
 * {@link DeadNotification} JSON, headers {@link DlqHeaders#REASON}, {@link DlqHeaders#DETAIL} and
 * {@link DlqHeaders#CONSUMER_GROUP} ({@link DeadLetterHeaders#of}). The Uni completes when the broker
 * has it.
 */
@ApplicationScoped
public class NotificationDeadLetters {

    private final MutinyEmitter<String> emitter;
    private final ObjectMapper json;
    private final String group;

    public NotificationDeadLetters(@Channel(Channels.NOTIFICATIONS_DLQ_OUT) MutinyEmitter<String> emitter,
            ObjectMapper json, NotifierConfig config) {
        this.emitter = emitter;
        this.json = json;
        this.group = config.consumerGroup();
    }

    public Uni<Void> send(DeliveryJob job, String reason, int attempts, String detail) {
        DeadNotification dead = new DeadNotification(DeadNotification.SCHEMA_VERSION, job.notification(),
                job.device().userId(), job.device().id(), job.device().provider(), reason, attempts,
                DeadLetterHeaders.truncate(detail), System.currentTimeMillis());
        String value;
        try {
            value = json.writeValueAsString(dead);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
        Message<String> message = Message.of(value).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(job.device().userId()).withHeaders(DeadLetterHeaders.of(reason, detail, group)).build());
        return emitter.sendMessage(message);
    }
}
