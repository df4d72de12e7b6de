package io.parley.insights.kafka;

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
import io.parley.events.Topics;
import io.parley.insights.service.Aggregator;
import io.parley.insights.service.BatchWriter;
import io.parley.insights.service.InsightsMetrics;
import io.parley.insights.service.InsightsMetrics.Outcome;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;

/**
 * Counts {@code chat-messages} into the per-room aggregates, one transaction per polled batch.
 *
 * <p>Delivery: this method returns only once the batch's effect is committed to PostgreSQL and every
 * poison record of it is acknowledged on the dead-letter topic; only then is the batch acknowledged,
 * and the {@code throttled} commit strategy commits offsets of acknowledged records only. A crash
 * before that redelivers the batch; message ids are recorded in the same transaction as the counters,
 * so a redelivered message is not counted again.
 */
@ApplicationScoped
public class ChatMessageConsumer {

    /** DLQ reason for a record the database refused (SQLSTATE class 22/23). */
    public static final String REASON_DB_REJECTED = "DB_REJECTED";

    private final Aggregator aggregator;
    private final BatchWriter writer;
    private final DeadLetterPublisher deadLetters;
    private final InsightsMetrics metrics;

    public ChatMessageConsumer(Aggregator aggregator, BatchWriter writer, DeadLetterPublisher deadLetters,
            InsightsMetrics metrics) {
        this.aggregator = aggregator;
        this.writer = writer;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
    }

    @Incoming(Channels.CHAT_MESSAGES_IN)
    @Blocking
    public void consume(ConsumerRecords<String, byte[]> records) {
        long start = System.nanoTime();
        List<Uni<Void>> dlq = new ArrayList<>();
        // keyed by message id: a record redelivered inside the same batch counts once
        Map<String, ChatMessageEvent> valid = new LinkedHashMap<>();
        Map<String, ConsumerRecord<String, byte[]>> sources = new LinkedHashMap<>();
        int total = 0;
        int sameBatchDuplicates = 0;
        for (ConsumerRecord<String, byte[]> record : records) {
            total++;
            try {
                ChatMessageEvent event = EventJson.read(record.value(), ChatMessageEvent.class);
                if (event.retracted()) {
                    // a retraction is not a message: never counted (the message it retracts, if it
                    // landed in an earlier batch, stays counted: docs/insights.md)
                    if (valid.remove(event.id()) != null) {
                        sources.remove(event.id());
                    }
                    continue;
                }
                if (valid.putIfAbsent(event.id(), event) == null) {
                    sources.put(event.id(), record);
                } else {
                    sameBatchDuplicates++;
                }
            } catch (EventFormatException e) {
                dlq.add(deadLetters.send(record, e.reason().name(), e.getMessage()));
            }
        }
        BatchWriter.Result<ChatMessageEvent> result = writer.write(Topics.CHAT_MESSAGES,
                new ArrayList<>(valid.values()), aggregator::countMessages);
        for (BatchWriter.Rejected<ChatMessageEvent> rejected : result.rejected()) {
            dlq.add(deadLetters.send(sources.get(rejected.item().id()), REASON_DB_REJECTED,
                    rejected.sqlState() + " " + rejected.message()));
        }
        if (!dlq.isEmpty()) {
            // the batch is acknowledged only once the broker has every dead letter
            Uni.join().all(dlq).andFailFast().await().indefinitely();
        }
        metrics.tally(Topics.CHAT_MESSAGES, result.tally());
        metrics.records(Topics.CHAT_MESSAGES, Outcome.DUPLICATE, sameBatchDuplicates);
        metrics.records(Topics.CHAT_MESSAGES, Outcome.DEAD_LETTERED, dlq.size());
        metrics.batch(Topics.CHAT_MESSAGES, total, System.nanoTime() - start);
    }
}
