package io.parley.edge.pipeline;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.parley.edge.config.PipelineConfig;
import io.parley.events.ChatMessageEvent;
import io.parley.events.ContractEvent;
import io.parley.events.SystemLogEvent;
import io.parley.events.UserEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Writes the edge's events to Kafka: chat messages (the sender's ack waits for Kafka's), user
 * events and system logs (fire and forget, never slowing the message path; dropped with a count
 * when their buffer is full). Records are keyed as the contract says: room, user, node.
 */
@ApplicationScoped
public class ChatEventPublisher {

    public static final String CHAT_MESSAGES = "chat-messages";
    public static final String USER_EVENTS = "user-events";
    public static final String SYSTEM_LOGS = "system-logs";

    private static final Logger LOG = Logger.getLogger(ChatEventPublisher.class);

    private final Emitter<OutgoingChatMessage> messages;
    private final Emitter<ContractEvent> userEvents;
    private final Emitter<ContractEvent> systemLogs;
    private final Duration timeout;
    private final LongAdder sideEventDrops = new LongAdder();
    private final LongAdder messageFailures = new LongAdder();
    private final Timer sendTimer;
    private final Duration retractionRetryFor;
    private final int maxPendingRetractions;
    private final AtomicInteger pendingRetractions = new AtomicInteger();
    private final LongAdder retractionsWritten = new LongAdder();
    private final LongAdder retractionsExpired = new LongAdder();

    public ChatEventPublisher(@Channel(CHAT_MESSAGES) @OnOverflow(value = OnOverflow.Strategy.BUFFER,
            bufferSize = 16384) Emitter<OutgoingChatMessage> messages,
            @Channel(USER_EVENTS) @OnOverflow(value = OnOverflow.Strategy.DROP) Emitter<ContractEvent> userEvents,
            @Channel(SYSTEM_LOGS) @OnOverflow(value = OnOverflow.Strategy.DROP) Emitter<ContractEvent> systemLogs,
            PipelineConfig config, MeterRegistry registry) {
        this.sendTimer = Timer.builder("parley.pipeline.kafka.send").description(
                "Time from handing a chat message to the Kafka producer to the broker's acknowledgement")
                .publishPercentileHistogram().register(registry);
        FunctionCounter.builder("parley.pipeline.kafka.failures", messageFailures, LongAdder::sum)
                .description("Chat messages Kafka did not acknowledge in time (senders got UNAVAILABLE)")
                .register(registry);
        FunctionCounter.builder("parley.pipeline.side.event.drops", sideEventDrops, LongAdder::sum)
                .description("User events and system logs dropped (buffer full or Kafka unavailable)")
                .register(registry);
        this.messages = messages;
        this.userEvents = userEvents;
        this.systemLogs = systemLogs;
        this.timeout = config.kafkaTimeout();
        this.retractionRetryFor = config.retractionRetryFor();
        this.maxPendingRetractions = config.maxPendingRetractions();
        FunctionCounter.builder("parley.pipeline.retractions", retractionsWritten, LongAdder::sum)
                .description("Retractions written for messages the producer may have written after their sender "
                        + "got UNAVAILABLE")
                .tag("outcome", "written").register(registry);
        FunctionCounter.builder("parley.pipeline.retractions", retractionsExpired, LongAdder::sum)
                .description("Retractions written for messages the producer may have written after their sender "
                        + "got UNAVAILABLE")
                .tag("outcome", "expired").register(registry);
        Gauge.builder("parley.pipeline.retractions.pending", pendingRetractions, AtomicInteger::get)
                .description("Retractions waiting for Kafka").register(registry);
    }

    /**
     * Completes once Kafka acknowledged the record (acks=all); fails with {@link NotStoredException}
     * otherwise. The failure is definitive for the sender: either the record was never handed to the
     * producer (the timeout passed first, and it never will be), or the producer had it and gave up
     * or gave no verdict in time. In that second case Kafka cannot say whether the record was
     * appended (a broker that stops after appending but before answering), so a
     * {@linkplain ChatMessageEvent#asRetraction() retraction} is written after it, same key and
     * partition: consumers undo the message if it landed. Either way the message counts as not sent.
     */
    public Uni<Void> publish(ChatMessageEvent event) {
        long start = System.nanoTime();
        return write(event).invoke(() -> sendTimer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS))
                .onFailure().invoke(failure -> {
                    messageFailures.increment();
                    if (failure instanceof NotStoredException notStored && notStored.mayHaveBeenWritten()) {
                        retract(event);
                    }
                });
    }

    /** One attempt to write one record; the failure says whether the producer had taken it. */
    private Uni<Void> write(ChatMessageEvent event) {
        CompletableFuture<Void> acked = new CompletableFuture<>();
        OutgoingChatMessage outgoing = new OutgoingChatMessage(event);
        // the producer's verdict arrives on its network thread; the sender's loop takes it from there
        LoopInbox inbox = LoopInbox.current();
        Executor verdicts = inbox == null ? Runnable::run : inbox::post;
        Message<OutgoingChatMessage> message = Message.of(outgoing, Metadata.of(keyed(event.roomId())),
                () -> {
                    verdicts.execute(() -> acked.complete(null));
                    return CompletableFuture.completedFuture(null);
                }, failure -> {
                    verdicts.execute(() -> acked.completeExceptionally(failure));
                    return CompletableFuture.completedFuture(null);
                });
        try {
            messages.send(message);
        } catch (RuntimeException e) {
            return Uni.createFrom().failure(new NotStoredException("Kafka's buffer refused the message", e, false));
        }
        return Uni.createFrom().completionStage(acked)
                .onFailure().transform(e -> new NotStoredException("Kafka did not acknowledge the message", e,
                        outgoing.claimed()))
                .ifNoItem().after(timeout).recoverWithUni(() -> {
                    if (outgoing.abandon()) {
                        return Uni.createFrom().failure(new NotStoredException(
                                "Kafka did not take the message within " + timeout + "; it will not be written",
                                null, false));
                    }
                    // the producer has it: its verdict comes within delivery.timeout.ms
                    return Uni.createFrom().completionStage(acked)
                            .onFailure().transform(e -> new NotStoredException("Kafka did not acknowledge", e, true))
                            .ifNoItem().after(timeout).failWith(() -> new NotStoredException(
                                    "no verdict from the producer in time", null, true));
                });
    }

    /**
     * Writes the retraction of a message that may have been appended although its sender was told
     * UNAVAILABLE, retrying with backoff (Kafka is likely down right now) for
     * {@code parley.pipeline.retraction-retry-for}.
     */
    private void retract(ChatMessageEvent event) {
        if (pendingRetractions.incrementAndGet() > maxPendingRetractions) {
            pendingRetractions.decrementAndGet();
            retractionsExpired.increment();
            LOG.errorf("too many retractions pending: message %s of room %s may stay stored although its sender "
                    + "got UNAVAILABLE", event.id(), event.roomId());
            return;
        }
        ChatMessageEvent retraction = event.asRetraction();
        Uni.createFrom().deferred(() -> write(retraction))
                .onFailure().retry().withBackOff(Duration.ofMillis(500), Duration.ofSeconds(5))
                .expireIn(System.currentTimeMillis() + retractionRetryFor.toMillis())
                .subscribe().with(ok -> {
                    pendingRetractions.decrementAndGet();
                    retractionsWritten.increment();
                    LOG.infof("retraction of message %s (room %s, seq %d) written", event.id(), event.roomId(),
                            event.seq());
                }, failure -> {
                    pendingRetractions.decrementAndGet();
                    retractionsExpired.increment();
                    LOG.errorf("the retraction of message %s (room %s) could not be written within %s: it may "
                            + "stay stored although its sender got UNAVAILABLE", event.id(), event.roomId(),
                            retractionRetryFor);
                });
    }

    /** The message is not sent; {@link #mayHaveBeenWritten()} when the producer had taken it. */
    public static final class NotStoredException extends RuntimeException {
        private final boolean mayHaveBeenWritten;

        NotStoredException(String message, Throwable cause, boolean mayHaveBeenWritten) {
            super(message, cause, false, false);
            this.mayHaveBeenWritten = mayHaveBeenWritten;
        }

        public boolean mayHaveBeenWritten() {
            return mayHaveBeenWritten;
        }
    }

    public int pendingRetractions() {
        return pendingRetractions.get();
    }

    public void publish(UserEvent event) {
        sideEvent(userEvents, event, event.userId());
    }

    public void publish(SystemLogEvent event) {
        sideEvent(systemLogs, event, event.nodeId());
    }

    private void sideEvent(Emitter<ContractEvent> emitter, ContractEvent event, String key) {
        try {
            emitter.send(Message.of(event, Metadata.of(keyed(key)), () -> CompletableFuture.completedFuture(null),
                    failure -> {
                        sideEventDrops.increment();
                        LOG.debugf("side event not written: %s", failure.getMessage());
                        return CompletableFuture.completedFuture(null);
                    }));
        } catch (RuntimeException e) {
            sideEventDrops.increment();
        }
    }

    private static OutgoingKafkaRecordMetadata<String> keyed(String key) {
        return OutgoingKafkaRecordMetadata.<String> builder().withKey(key).build();
    }

    public long sideEventDrops() {
        return sideEventDrops.sum();
    }

    public long messageFailures() {
        return messageFailures.sum();
    }
}
