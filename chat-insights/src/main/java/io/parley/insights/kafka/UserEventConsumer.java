package io.parley.insights.kafka;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.parley.events.DlqHeaders;
import io.parley.events.Topics;
import io.parley.events.UserEvent;
import io.parley.events.kafka.DecodedBatch;
import io.parley.insights.service.Aggregator;
import io.parley.insights.service.BatchWriter;
import io.parley.insights.service.InsightsMetrics;
import io.parley.insights.service.InsightsMetrics.Outcome;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;

/**
 * Applies {@code user-events} (active users per hour, socket sessions per node), one transaction per
 * polled batch, with the same delivery rules as {@link ChatMessageConsumer}. Everything written is a
 * set keyed by what it counts, so a redelivered event changes nothing. An event type this version
 * does not know is skipped (event contract, compatibility rule 2).
 */
@ApplicationScoped
public class UserEventConsumer {

    private final Aggregator aggregator;
    private final BatchWriter writer;
    private final DeadLetterPublisher deadLetters;
    private final InsightsMetrics metrics;

    public UserEventConsumer(Aggregator aggregator, BatchWriter writer, DeadLetterPublisher deadLetters,
            InsightsMetrics metrics) {
        this.aggregator = aggregator;
        this.writer = writer;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
    }

    @Incoming(Channels.USER_EVENTS_IN)
    @Blocking
    public void consume(ConsumerRecords<String, byte[]> records) {
        long start = System.nanoTime();
        DecodedBatch<UserEvent> batch = DecodedBatch.decode(records, UserEvent.class);
        List<Uni<Void>> dlq = new ArrayList<>(batch.invalid().stream().map(deadLetters::send).toList());
        // keyed by event id: an event redelivered inside the same batch counts once
        Map<String, UserEvent> valid = new LinkedHashMap<>();
        int skipped = 0;
        int sameBatchDuplicates = 0;
        for (UserEvent event : batch.events()) {
            if (event.type() == null) {
                skipped++;
            } else if (valid.putIfAbsent(event.eventId(), event) != null) {
                sameBatchDuplicates++;
            }
        }
        BatchWriter.Result<UserEvent> result = writer.write(Topics.USER_EVENTS, new ArrayList<>(valid.values()),
                aggregator::applyUserEvents);
        Map<String, ConsumerRecord<String, byte[]>> sources = batch.firstRecordById(UserEvent::eventId);
        for (BatchWriter.Rejected<UserEvent> rejected : result.rejected()) {
            dlq.add(deadLetters.send(sources.get(rejected.item().eventId()), DlqHeaders.REASON_DB_REJECTED,
                    rejected.sqlState() + " " + rejected.message()));
        }
        if (!dlq.isEmpty()) {
            Uni.join().all(dlq).andFailFast().await().indefinitely();
        }
        metrics.tally(Topics.USER_EVENTS, result.tally());
        metrics.records(Topics.USER_EVENTS, Outcome.DUPLICATE, sameBatchDuplicates);
        metrics.records(Topics.USER_EVENTS, Outcome.SKIPPED, skipped);
        metrics.records(Topics.USER_EVENTS, Outcome.DEAD_LETTERED, dlq.size());
        metrics.batch(Topics.USER_EVENTS, batch.total(), System.nanoTime() - start);
    }
}
