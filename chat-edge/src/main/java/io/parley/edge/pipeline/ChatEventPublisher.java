package io.parley.edge.pipeline;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.FunctionCounter;
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
    }

    /**
     * Completes once Kafka acknowledged the record (acks=all); fails on a nack, or when the timeout
     * passed before the producer took the record (which then is never written). A record the
     * producer took gets its verdict from the producer (within delivery.timeout.ms, below the
     * timeout), so a failure here always means "not written".
     */
    public Uni<Void> publish(ChatMessageEvent event) {
        CompletableFuture<Void> acked = new CompletableFuture<>();
        OutgoingChatMessage outgoing = new OutgoingChatMessage(event);
        Message<OutgoingChatMessage> message = Message.of(outgoing, Metadata.of(keyed(event.roomId())),
                () -> {
                    acked.complete(null);
                    return CompletableFuture.completedFuture(null);
                }, failure -> {
                    acked.completeExceptionally(failure);
                    return CompletableFuture.completedFuture(null);
                });
        try {
            messages.send(message);
        } catch (RuntimeException e) {
            messageFailures.increment();
            return Uni.createFrom().failure(e);
        }
        long start = System.nanoTime();
        return Uni.createFrom().completionStage(acked).ifNoItem().after(timeout).recoverWithUni(() -> {
            if (outgoing.abandon()) {
                return Uni.createFrom().failure(new TimeoutException(
                        "Kafka did not take the message within " + timeout + "; it will not be written"));
            }
            // the producer has it: its verdict comes within delivery.timeout.ms
            return Uni.createFrom().completionStage(acked).ifNoItem().after(timeout).failWith(() -> {
                LOG.warnf("no verdict from the producer for message %s: it may still be written", event.id());
                return new TimeoutException("no verdict from Kafka");
            });
        }).invoke(() -> sendTimer.record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS))
                .onFailure().invoke(e -> messageFailures.increment());
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
