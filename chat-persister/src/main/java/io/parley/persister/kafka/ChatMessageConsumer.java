package io.parley.persister.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.parley.events.ChatMessageBatch;
import io.parley.events.ChatMessageEvent;
import io.parley.events.DlqHeaders;
import io.parley.events.Topics;
import io.parley.events.kafka.DecodedBatch;
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
 * that message: it is not inserted, or deleted if an earlier batch stored it ({@link ChatMessageBatch}).
 * A record the database refuses (SQLSTATE class 22/23, e.g. a taken (room, seq)) is dead-lettered
 * with reason {@link DlqHeaders#REASON_DB_REJECTED}.
 */
@ApplicationScoped
public class ChatMessageConsumer {

    private static final Logger LOG = Logger.getLogger(ChatMessageConsumer.class);

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
        DecodedBatch<ChatMessageEvent> batch = DecodedBatch.decode(records, ChatMessageEvent.class);
        List<Uni<Void>> dlq = new ArrayList<>(batch.invalid().stream().map(deadLetters::send).toList());
        // one insert per message id; a message retracted in this batch is not inserted, one stored
        // by an earlier batch is deleted
        ChatMessageBatch split = ChatMessageBatch.split(batch.events());
        BatchWriter.Result<ChatMessageEvent> result = writer.write(Topics.CHAT_MESSAGES, split.messages(),
                messages::insertIgnoringDuplicates);
        int deleted = split.retractedIds().isEmpty() ? 0
                : writer.write(Topics.CHAT_MESSAGES, new ArrayList<>(split.retractedIds()), messages::deleteRetracted)
                        .written();
        Map<String, ConsumerRecord<String, byte[]>> sources = result.rejected().isEmpty() ? Map.of()
                : batch.firstRecordById(ChatMessageEvent::id);
        for (BatchWriter.Rejected<ChatMessageEvent> rejected : result.rejected()) {
            dlq.add(deadLetters.send(sources.get(rejected.item().id()), DlqHeaders.REASON_DB_REJECTED,
                    rejected.sqlState() + " " + rejected.message()));
        }
        if (!dlq.isEmpty()) {
            // the batch is acknowledged only once the broker has every dead letter
            Uni.join().all(dlq).andFailFast().await().indefinitely();
        }
        int retracted = split.retractedIds().size();
        metrics.records(Topics.CHAT_MESSAGES, Outcome.STORED, result.written());
        metrics.records(Topics.CHAT_MESSAGES, Outcome.DEAD_LETTERED, dlq.size());
        metrics.records(Topics.CHAT_MESSAGES, Outcome.RETRACTED, retracted);
        metrics.records(Topics.CHAT_MESSAGES, Outcome.DUPLICATE,
                batch.total() - dlq.size() - result.written() - retracted);
        if (deleted > 0) {
            LOG.infof("%d stored message(s) deleted by their retraction", deleted);
        }
        metrics.batch(Topics.CHAT_MESSAGES, batch.total(), System.nanoTime() - start);
    }
}
