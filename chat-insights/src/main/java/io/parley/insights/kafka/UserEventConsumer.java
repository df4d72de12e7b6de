package io.parley.insights.kafka;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.parley.events.EventFormatException;
import io.parley.events.EventJson;
import io.parley.events.Topics;
import io.parley.events.UserEvent;
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
        List<Uni<Void>> dlq = new ArrayList<>();
        Map<String, UserEvent> valid = new LinkedHashMap<>();
        Map<String, ConsumerRecord<String, byte[]>> sources = new LinkedHashMap<>();
        int total = 0;
        int skipped = 0;
        int sameBatchDuplicates = 0;
        for (ConsumerRecord<String, byte[]> record : records) {
            total++;
            try {
                UserEvent event = EventJson.read(record.value(), UserEvent.class);
                if (event.type() == null) {
                    skipped++;
                } else if (valid.putIfAbsent(event.eventId(), event) == null) {
                    sources.put(event.eventId(), record);
                } else {
                    sameBatchDuplicates++;
                }
            } catch (EventFormatException e) {
                dlq.add(deadLetters.send(record, e.reason().name(), e.getMessage()));
            }
        }
        BatchWriter.Result<UserEvent> result = writer.write(Topics.USER_EVENTS, new ArrayList<>(valid.values()),
                aggregator::applyUserEvents);
        for (BatchWriter.Rejected<UserEvent> rejected : result.rejected()) {
            dlq.add(deadLetters.send(sources.get(rejected.item().eventId()), ChatMessageConsumer.REASON_DB_REJECTED,
                    rejected.sqlState() + " " + rejected.message()));
        }
        if (!dlq.isEmpty()) {
            Uni.join().all(dlq).andFailFast().await().indefinitely();
        }
        metrics.tally(Topics.USER_EVENTS, result.tally());
        metrics.records(Topics.USER_EVENTS, Outcome.DUPLICATE, sameBatchDuplicates);
        metrics.records(Topics.USER_EVENTS, Outcome.SKIPPED, skipped);
        metrics.records(Topics.USER_EVENTS, Outcome.DEAD_LETTERED, dlq.size());
        metrics.batch(Topics.USER_EVENTS, total, System.nanoTime() - start);
    }
}
