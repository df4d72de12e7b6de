package io.parley.edge.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;

/** {@link ChatSession#inOrder}: a socket's steps run one after another, in the order subscribed. */
class ChatSessionTest {

    private final ChatSession session = new ChatSession(null, new SendRateLimiter(10, 10, 0));
    private final List<String> events = new CopyOnWriteArrayList<>();

    @Test
    void aStepStartsOnlyOnceTheOneBeforeItHasFinished() {
        CompletableFuture<String> slow = new CompletableFuture<>();
        session.inOrder(() -> {
            events.add("start 1");
            return Uni.createFrom().completionStage(slow);
        }).subscribe().with(item -> events.add("result 1 " + item));
        session.inOrder(() -> {
            events.add("start 2");
            return Uni.createFrom().item("b");
        }).subscribe().with(item -> events.add("result 2 " + item));
        assertEquals(List.of("start 1"), events);

        slow.complete("a");
        assertEquals(List.of("start 1", "result 1 a", "start 2", "result 2 b"), events);
    }

    @Test
    void aFailedOrThrowingStepDoesNotBlockTheNextOnes() {
        session.inOrder(() -> {
            throw new ChatException(ErrorCode.BAD_REQUEST, "thrown");
        }).subscribe().with(item -> events.add("unexpected"), failure -> events.add("failed 1 " + failure.getMessage()));
        session.inOrder(() -> Uni.createFrom().failure(new IllegalStateException("failed")))
                .subscribe().with(item -> events.add("unexpected"), failure -> events.add("failed 2 " + failure.getMessage()));
        session.inOrder(() -> Uni.createFrom().item("c")).subscribe().with(item -> events.add("result 3 " + item));
        assertEquals(List.of("failed 1 thrown", "failed 2 failed", "result 3 c"), events);
    }

    @Test
    void stepsQueuedBehindASlowOneRunInTheirOrder() {
        CompletableFuture<String> slow = new CompletableFuture<>();
        session.inOrder(() -> Uni.createFrom().completionStage(slow)).subscribe().with(events::add);
        for (int i = 0; i < 100; i++) {
            String item = "step " + i;
            session.inOrder(() -> Uni.createFrom().item(item)).subscribe().with(events::add);
        }
        assertTrue(events.isEmpty());
        slow.complete("slow");
        assertEquals(101, events.size());
        assertEquals("slow", events.get(0));
        for (int i = 0; i < 100; i++) {
            assertEquals("step " + i, events.get(i + 1));
        }
    }
}
