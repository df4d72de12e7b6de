package io.parley.insights.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.parley.events.ChatMessageBatch;
import io.parley.events.ChatMessageEvent;
import io.parley.events.DlqHeaders;
import io.parley.events.Topics;
import io.parley.events.kafka.DecodedBatch;
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
 * so a redelivered message is not counted again. A record the database refuses (SQLSTATE class 22/23)
 * is dead-lettered with reason {@link DlqHeaders#REASON_DB_REJECTED}.
 */
@ApplicationScoped
public class ChatMessageConsumer {

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
        DecodedBatch<ChatMessageEvent> batch = DecodedBatch.decode(records, ChatMessageEvent.class);
        List<Uni<Void>> dlq = new ArrayList<>(batch.invalid().stream().map(deadLetters::send).toList());
        // a message id counts once per batch; a retraction is not a message and a message retracted
        // in this batch is never counted (one counted by an earlier batch stays counted: docs/insights.md)
        ChatMessageBatch split = ChatMessageBatch.split(batch.events());
        BatchWriter.Result<ChatMessageEvent> result = writer.write(Topics.CHAT_MESSAGES, split.messages(),
                aggregator::countMessages);
        Map<String, ConsumerRecord<String, byte[]>> sources = batch.firstRecordById(ChatMessageEvent::id);
        for (BatchWriter.Rejected<ChatMessageEvent> rejected : result.rejected()) {
            dlq.add(deadLetters.send(sources.get(rejected.item().id()), DlqHeaders.REASON_DB_REJECTED,
                    rejected.sqlState() + " " + rejected.message()));
        }
        if (!dlq.isEmpty()) {
            // the batch is acknowledged only once the broker has every dead letter
            Uni.join().all(dlq).andFailFast().await().indefinitely();
        }
        metrics.tally(Topics.CHAT_MESSAGES, result.tally());
        metrics.records(Topics.CHAT_MESSAGES, Outcome.DUPLICATE, split.duplicates());
        metrics.records(Topics.CHAT_MESSAGES, Outcome.DEAD_LETTERED, dlq.size());
        metrics.batch(Topics.CHAT_MESSAGES, batch.total(), System.nanoTime() - start);
    }
}
