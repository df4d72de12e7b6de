package io.parley.persister.kafka;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.parley.events.ChatMessageEvent;
import io.parley.events.EventFormatException;
import io.parley.events.EventJson;
import io.parley.events.Topics;
import io.parley.persister.repository.MessageRepository;
import io.parley.persister.service.BatchWriter;
import io.parley.persister.service.PersisterMetrics;
import io.parley.persister.service.PersisterMetrics.Outcome;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;

/**
 * Stores {@code chat-messages} in PostgreSQL, one transaction per polled batch.
 *
 * <p>Delivery: the connector hands over a batch, this method returns only once every record of it is
 * either committed to the database or acknowledged by the broker on the dead-letter topic. Only then
 * is the batch acknowledged, and the {@code throttled} commit strategy commits offsets of
 * acknowledged records only (periodically, and on partition revocation and shutdown). A crash before
 * that redelivers the batch; the insert is idempotent on the message id, so the effect is exactly
 * once. Values are read as bytes, so a record that is not valid JSON never breaks the poll loop: it
 * is dead-lettered with its reason and the partition moves on. A retraction (a record with
 * {@code retracted: true}, written by the edge after a message whose sender got UNAVAILABLE) removes
 * that message: it is not inserted, or deleted if an earlier batch stored it.
 */
@ApplicationScoped
public class ChatMessageConsumer {

    private static final Logger LOG = Logger.getLogger(ChatMessageConsumer.class);

    /** DLQ reason for a record the database refused (SQLSTATE class 22/23), e.g. a taken (room, seq). */
    public static final String REASON_DB_REJECTED = "DB_REJECTED";

    private final MessageRepository messages;
    private final BatchWriter writer;
    private final DeadLetterPublisher deadLetters;
    private final PersisterMetrics metrics;

    public ChatMessageConsumer(MessageRepository messages, BatchWriter writer, DeadLetterPublisher deadLetters,
            PersisterMetrics metrics) {
        this.messages = messages;
        this.writer = writer;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
    }

    @Incoming(Channels.CHAT_MESSAGES_IN)
    @Blocking
    public void consume(ConsumerRecords<String, byte[]> records) {
        long start = System.nanoTime();
        List<Uni<Void>> dlq = new ArrayList<>();
        // keyed by message id: a record redelivered inside the same batch is written once
        Map<String, ChatMessageEvent> valid = new LinkedHashMap<>();
        Map<String, ConsumerRecord<String, byte[]>> sources = new LinkedHashMap<>();
        // retractions follow their message in the partition: a message retracted in this batch is
        // not inserted, one stored by an earlier batch is deleted
        Set<String> retracted = new LinkedHashSet<>();
        int total = 0;
        for (ConsumerRecord<String, byte[]> record : records) {
            total++;
            try {
                ChatMessageEvent event = EventJson.read(record.value(), ChatMessageEvent.class);
                if (event.retracted()) {
                    retracted.add(event.id());
                    valid.remove(event.id());
                    sources.remove(event.id());
                } else if (!retracted.contains(event.id())) {
                    valid.putIfAbsent(event.id(), event);
                    sources.putIfAbsent(event.id(), record);
                }
            } catch (EventFormatException e) {
                dlq.add(deadLetters.send(record, e.reason().name(), e.getMessage()));
            }
        }
        BatchWriter.Result<ChatMessageEvent> result = writer.write(Topics.CHAT_MESSAGES,
                new ArrayList<>(valid.values()), messages::insertIgnoringDuplicates);
        int deleted = retracted.isEmpty() ? 0
                : writer.write(Topics.CHAT_MESSAGES, new ArrayList<>(retracted), messages::deleteRetracted).written();
        for (BatchWriter.Rejected<ChatMessageEvent> rejected : result.rejected()) {
            dlq.add(deadLetters.send(sources.get(rejected.item().id()), REASON_DB_REJECTED,
                    rejected.sqlState() + " " + rejected.message()));
        }
        if (!dlq.isEmpty()) {
            // the batch is acknowledged only once the broker has every dead letter
            Uni.join().all(dlq).andFailFast().await().indefinitely();
        }
        metrics.records(Topics.CHAT_MESSAGES, Outcome.STORED, result.written());
        metrics.records(Topics.CHAT_MESSAGES, Outcome.DEAD_LETTERED, dlq.size());
        metrics.records(Topics.CHAT_MESSAGES, Outcome.RETRACTED, retracted.size());
        metrics.records(Topics.CHAT_MESSAGES, Outcome.DUPLICATE,
                total - dlq.size() - result.written() - retracted.size());
        if (deleted > 0) {
            LOG.infof("%d stored message(s) deleted by their retraction", deleted);
        }
        metrics.batch(Topics.CHAT_MESSAGES, total, System.nanoTime() - start);
    }
}
