package io.parley.edge.pipeline;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.common.errors.TimeoutException;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.parley.edge.config.PipelineConfig;
import io.parley.events.ChatMessageEvent;
import io.parley.events.ContractEvent;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

/**
 * The publisher's verdicts, with the Kafka channel replaced by a recording emitter: the test plays
 * the producer (claims the record as the serializer would, then acks or nacks it).
 */
class ChatEventPublisherTest {

    private static final ChatMessageEvent EVENT = ChatMessageEvent.of("01a22684-b7c8-724f-86bd-9b3254bdb47f",
            "room-1", 7, "alice", "hello", "c-1", 1L, "edge-1");

    /** The chat-messages channel: records every message handed to it. */
    static final class RecordingEmitter implements Emitter<OutgoingChatMessage> {
        final List<Message<OutgoingChatMessage>> sent = new CopyOnWriteArrayList<>();

        @Override
        public CompletionStage<Void> send(OutgoingChatMessage payload) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <M extends Message<? extends OutgoingChatMessage>> void send(M message) {
            @SuppressWarnings("unchecked")
            Message<OutgoingChatMessage> m = (Message<OutgoingChatMessage>) message;
            sent.add(m);
        }

        @Override
        public void complete() {
        }

        @Override
        public void error(Exception e) {
        }

        @Override
        public boolean isCancelled() {
            return false;
        }

        @Override
        public boolean hasRequests() {
            return true;
        }

        Message<OutgoingChatMessage> await(int index) {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> sent.size() > index);
            return sent.get(index);
        }
    }

    static final class SideEmitter implements Emitter<ContractEvent> {
        @Override
        public CompletionStage<Void> send(ContractEvent payload) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public <M extends Message<? extends ContractEvent>> void send(M message) {
        }

        @Override
        public void complete() {
        }

        @Override
        public void error(Exception e) {
        }

        @Override
        public boolean isCancelled() {
            return false;
        }

        @Override
        public boolean hasRequests() {
            return true;
        }
    }

    private static PipelineConfig config(Duration kafkaTimeout) {
        return new PipelineConfig() {
            @Override
            public boolean enabled() {
                return true;
            }

            @Override
            public Duration kafkaTimeout() {
                return kafkaTimeout;
            }

            @Override
            public Duration dedupWindow() {
                return Duration.ofMinutes(10);
            }

            @Override
            public int dedupMaxKeys() {
                return 500_000;
            }

            @Override
            public Duration retractionRetryFor() {
                return Duration.ofMinutes(1);
            }

            @Override
            public int maxPendingRetractions() {
                return 100;
            }
        };
    }

    private final RecordingEmitter channel = new RecordingEmitter();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private ChatEventPublisher publisher(Duration kafkaTimeout) {
        return new ChatEventPublisher(channel, new SideEmitter(), new SideEmitter(), config(kafkaTimeout), registry);
    }

    private static Throwable failureOf(CompletableFuture<Void> result) {
        await().atMost(Duration.ofSeconds(10)).until(result::isDone);
        try {
            result.join();
            throw new AssertionError("expected a failure");
        } catch (java.util.concurrent.CompletionException e) {
            return e.getCause();
        }
    }

    @Test
    void theVerdictOfASendFromAnEventLoopComesBackOnThatLoop() throws Exception {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        try {
            ChatEventPublisher publisher = publisher(Duration.ofSeconds(5));
            CompletableFuture<String> ackedOn = new CompletableFuture<>();
            CompletableFuture<String> failedOn = new CompletableFuture<>();
            CompletableFuture<String> loopThread = new CompletableFuture<>();
            vertx.getOrCreateContext().runOnContext(v -> {
                loopThread.complete(Thread.currentThread().getName());
                publisher.publish(EVENT).subscribe().with(ok -> ackedOn.complete(Thread.currentThread().getName()),
                        ackedOn::completeExceptionally);
                publisher.publish(EVENT).subscribe().with(ok -> failedOn.completeExceptionally(
                        new AssertionError("expected a failure")),
                        failure -> failedOn.complete(Thread.currentThread().getName()));
            });
            Message<OutgoingChatMessage> first = channel.await(0);
            Message<OutgoingChatMessage> second = channel.await(1);
            assertTrue(first.getPayload().claim());
            assertTrue(second.getPayload().claim());
            // the producer's network thread gives both verdicts
            Thread producer = new Thread(() -> {
                first.ack();
                second.nack(new TimeoutException("Expiring 1 record(s)"));
            }, "kafka-producer-network-thread");
            producer.start();
            producer.join();
            String loop = loopThread.get(10, TimeUnit.SECONDS);
            assertEquals(loop, ackedOn.get(10, TimeUnit.SECONDS), "the ack continues on the sender's loop");
            assertEquals(loop, failedOn.get(10, TimeUnit.SECONDS), "the failure continues on the sender's loop");
            Message<OutgoingChatMessage> retraction = channel.await(2);
            assertTrue(retraction.getPayload().claim());
            retraction.ack();
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void anAcknowledgedMessageSucceedsAndIsNotRetracted() {
        ChatEventPublisher publisher = publisher(Duration.ofSeconds(5));
        CompletableFuture<Void> result = publisher.publish(EVENT).subscribeAsCompletionStage();
        Message<OutgoingChatMessage> record = channel.await(0);
        assertTrue(record.getPayload().claim(), "the serializer claims it");
        record.ack();
        await().atMost(Duration.ofSeconds(5)).until(result::isDone);
        assertFalse(result.isCompletedExceptionally());
        assertEquals(1, channel.sent.size(), "no retraction");
    }

    @Test
    void aMessageTheProducerTookButFailedIsRetractedAfterIt() {
        ChatEventPublisher publisher = publisher(Duration.ofSeconds(5));
        CompletableFuture<Void> result = publisher.publish(EVENT).subscribeAsCompletionStage();
        Message<OutgoingChatMessage> record = channel.await(0);
        assertTrue(record.getPayload().claim());
        // delivery.timeout.ms passed: the batch may or may not have been appended
        record.nack(new TimeoutException("Expiring 1 record(s)"));

        Throwable failure = failureOf(result);
        ChatEventPublisher.NotStoredException notStored = assertInstanceOf(ChatEventPublisher.NotStoredException.class,
                failure);
        assertTrue(notStored.mayHaveBeenWritten());

        // the retraction goes to the same channel (same key, same partition); a first failure is retried
        Message<OutgoingChatMessage> retraction = channel.await(1);
        assertTrue(retraction.getPayload().event().retracted());
        assertEquals(EVENT.id(), retraction.getPayload().event().id());
        assertEquals(EVENT.roomId(), retraction.getPayload().event().key());
        assertTrue(retraction.getPayload().claim());
        retraction.nack(new TimeoutException("still down"));
        Message<OutgoingChatMessage> again = channel.await(2);
        assertTrue(again.getPayload().event().retracted());
        assertTrue(again.getPayload().claim());
        again.ack();
        await().atMost(Duration.ofSeconds(5)).until(() -> publisher.pendingRetractions() == 0);
        assertEquals(1.0, registry.get("parley.pipeline.retractions").tag("outcome", "written").functionCounter().count());
        assertEquals(3, channel.sent.size());
    }

    @Test
    void aMessageTheProducerNeverTookIsAbandonedAndNotRetracted() {
        ChatEventPublisher publisher = publisher(Duration.ofMillis(200));
        CompletableFuture<Void> result = publisher.publish(EVENT).subscribeAsCompletionStage();
        Message<OutgoingChatMessage> record = channel.await(0);

        ChatEventPublisher.NotStoredException notStored = assertInstanceOf(ChatEventPublisher.NotStoredException.class,
                failureOf(result));
        assertFalse(notStored.mayHaveBeenWritten());
        assertFalse(record.getPayload().claim(), "an abandoned record is refused by the serializer");
        // longer than the first retraction backoff: nothing may follow
        await("nothing to retract").during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(2))
                .until(() -> channel.sent.size() == 1);
        assertEquals(0, publisher.pendingRetractions());
    }
}
