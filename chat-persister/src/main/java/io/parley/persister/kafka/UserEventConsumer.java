package io.parley.persister.kafka;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.parley.events.Topics;
import io.parley.events.UserEvent;
import io.parley.events.kafka.DecodedBatch;
import io.parley.persister.repository.UserActivityRepository;
import io.parley.persister.repository.UserActivityRepository.ReadMark;
import io.parley.persister.repository.UserActivityRepository.UserSeen;
import io.parley.persister.service.BatchWriter;
import io.parley.persister.service.PersisterMetrics;
import io.parley.persister.service.PersisterMetrics.Outcome;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;

/**
 * Folds {@code user-events} into users (first/last seen) and read markers, one transaction per
 * batch. The batch is first reduced to one row per user and per (user, room), keeping extremes, and
 * the upserts keep extremes too: replays and reordering are harmless. Same delivery and dead-letter
 * rules as {@link ChatMessageConsumer}; events of a type added after this version are skipped.
 */
@ApplicationScoped
public class UserEventConsumer {

    private final UserActivityRepository activity;
    private final BatchWriter writer;
    private final DeadLetterPublisher deadLetters;
    private final PersisterMetrics metrics;

    public UserEventConsumer(UserActivityRepository activity, BatchWriter writer, DeadLetterPublisher deadLetters,
            PersisterMetrics metrics) {
        this.activity = activity;
        this.writer = writer;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
    }

    @Incoming(Channels.USER_EVENTS_IN)
    @Blocking
    public void consume(ConsumerRecords<String, byte[]> records) {
        long start = System.nanoTime();
        DecodedBatch<UserEvent> batch = DecodedBatch.decode(records, UserEvent.class);
        List<Uni<Void>> dlq = batch.invalid().stream().map(deadLetters::send).toList();
        // an event of a type added after this version reads with type null: skipped
        List<UserEvent> events = batch.events().stream().filter(e -> e.type() != null).toList();
        int skipped = batch.decoded().size() - events.size();
        // one write unit per batch: the folded rows of all its events
        BatchWriter.Result<List<UserEvent>> result = writer.write(Topics.USER_EVENTS, List.of(events), units -> {
            for (List<UserEvent> group : units) {
                store(group);
            }
            return events.size();
        });
        if (!result.rejected().isEmpty()) {
            // cannot happen with validated events (limits match the columns); keep the partition moving
            metrics.records(Topics.USER_EVENTS, Outcome.SKIPPED, events.size());
        }
        if (!dlq.isEmpty()) {
            Uni.join().all(dlq).andFailFast().await().indefinitely();
        }
        metrics.records(Topics.USER_EVENTS, Outcome.STORED, result.written());
        metrics.records(Topics.USER_EVENTS, Outcome.DEAD_LETTERED, dlq.size());
        metrics.records(Topics.USER_EVENTS, Outcome.SKIPPED, skipped);
        metrics.batch(Topics.USER_EVENTS, batch.total(), System.nanoTime() - start);
    }

    private void store(List<UserEvent> events) {
        Map<String, UserSeen> users = new TreeMap<>();
        Map<String, ReadMark> marks = new TreeMap<>();
        for (UserEvent e : events) {
            Instant at = Instant.ofEpochMilli(e.ts());
            users.merge(e.userId(), new UserSeen(e.userId(), at, at), (a, b) -> new UserSeen(a.userId(),
                    min(a.firstSeen(), b.firstSeen()), max(a.lastSeen(), b.lastSeen())));
            if (e.type() == UserEvent.Type.READ) {
                ReadMark mark = new ReadMark(e.userId(), e.roomId(), e.lastReadSeq(), at);
                marks.merge(e.userId() + '\n' + e.roomId(), mark, (a, b) -> new ReadMark(a.userId(), a.roomId(),
                        Math.max(a.lastReadSeq(), b.lastReadSeq()), max(a.at(), b.at())));
            }
        }
        activity.upsertUsers(users.values());
        activity.upsertReadMarkers(marks.values());
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
