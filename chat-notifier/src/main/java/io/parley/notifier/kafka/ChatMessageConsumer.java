package io.parley.notifier.kafka;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.parley.events.ChatMessageEvent;
import io.parley.events.EventFormatException;
import io.parley.events.EventJson;
import io.parley.notifier.service.NotificationPlanner;
import io.parley.notifier.service.NotifierMetrics;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;

/**
 * Consumes {@code chat-messages} in the notifier's own group (scales with the topic's partitions:
 * one consumer per partition at most across the replicas). A batch is acknowledged once every
 * message in it is planned: its deliveries are recorded (PENDING rows) and started, or the record
 * was dead-lettered. Sending happens afterwards, asynchronously, so the partition does not wait for
 * providers. A redelivered batch finds its delivery rows and pushes nothing again.
 */
@ApplicationScoped
public class ChatMessageConsumer {

    private final NotificationPlanner planner;
    private final DeadLetterPublisher deadLetters;
    private final NotifierMetrics metrics;

    public ChatMessageConsumer(NotificationPlanner planner, DeadLetterPublisher deadLetters, NotifierMetrics metrics) {
        this.planner = planner;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
    }

    @Incoming(Channels.CHAT_MESSAGES_IN)
    @Blocking
    public void consume(ConsumerRecords<String, byte[]> records) {
        List<Uni<Void>> dlq = new ArrayList<>();
        Map<String, ChatMessageEvent> valid = new LinkedHashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                ChatMessageEvent event = EventJson.read(record.value(), ChatMessageEvent.class);
                if (event.retracted()) {
                    // the edge told the sender UNAVAILABLE: never notify it (a push already sent for
                    // the message, if it had landed, cannot be taken back; see docs/notifier.md)
                    valid.remove(event.id());
                    continue;
                }
                valid.putIfAbsent(event.id(), event);
            } catch (EventFormatException e) {
                dlq.add(deadLetters.send(record, e.reason().name(), e.getMessage()));
            }
        }
        planner.plan(new ArrayList<>(valid.values()));
        if (!dlq.isEmpty()) {
            Uni.join().all(dlq).andFailFast().await().indefinitely();
        }
        metrics.messages("processed", valid.size());
        metrics.messages("dead-lettered", dlq.size());
    }
}
