package io.parley.notifier.kafka;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.parley.events.ChatMessageBatch;
import io.parley.events.ChatMessageEvent;
import io.parley.events.kafka.DecodedBatch;
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
        DecodedBatch<ChatMessageEvent> batch = DecodedBatch.decode(records, ChatMessageEvent.class);
        List<Uni<Void>> dlq = batch.invalid().stream().map(deadLetters::send).toList();
        // one plan per message id; a message retracted in this batch is never notified (the edge told
        // its sender UNAVAILABLE; a push already sent for it, if it landed in an earlier batch, cannot
        // be taken back: docs/notifier.md)
        List<ChatMessageEvent> messages = ChatMessageBatch.split(batch.events()).messages();
        planner.plan(messages);
        if (!dlq.isEmpty()) {
            Uni.join().all(dlq).andFailFast().await().indefinitely();
        }
        metrics.messages("processed", messages.size());
        metrics.messages("dead-lettered", dlq.size());
    }
}
