package io.parley.edge.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

/**
 * {@link LoopInbox} on a real Vert.x event loop: completions posted from a foreign thread (as the
 * Kafka producer's network thread posts the verdicts of a batch) run on the loop that asked, in the
 * order they were posted, none lost, also when they arrive while the loop is draining.
 */
class LoopInboxTest {

    private Vertx vertx;
    private Context loop;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        loop = vertx.getOrCreateContext();
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private LoopInbox inboxOfTheLoop() throws Exception {
        CompletableFuture<LoopInbox> inbox = new CompletableFuture<>();
        loop.runOnContext(v -> inbox.complete(LoopInbox.current()));
        return inbox.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aThreadThatIsNoEventLoopHasNoInbox() {
        assertNull(LoopInbox.current());
    }

    @Test
    void theLoopKeepsOneInbox() throws Exception {
        LoopInbox first = inboxOfTheLoop();
        assertNotNull(first);
        assertSame(first, inboxOfTheLoop());
    }

    @Test
    void completionsFromAForeignThreadRunOnTheLoopInOrderAndNoneIsLost() throws Exception {
        LoopInbox inbox = inboxOfTheLoop();
        int count = 20_000;
        List<Integer> ran = new ArrayList<>();
        List<Boolean> onLoop = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(count);
        Thread producer = new Thread(() -> {
            for (int i = 0; i < count; i++) {
                int n = i;
                inbox.post(() -> {
                    ran.add(n);
                    onLoop.add(Vertx.currentContext() != null && Context.isOnEventLoopThread());
                    done.countDown();
                });
                if (i % 1000 == 0) {
                    Thread.yield(); // some completions arrive while the loop drains the earlier ones
                }
            }
        }, "kafka-producer-network-thread");
        producer.start();
        assertTrue(done.await(20, TimeUnit.SECONDS), "completions left: " + done.getCount());
        producer.join();
        CompletableFuture<List<Integer>> seen = new CompletableFuture<>();
        loop.runOnContext(v -> seen.complete(new ArrayList<>(ran)));
        List<Integer> order = seen.get(10, TimeUnit.SECONDS);
        assertEquals(count, order.size());
        for (int i = 0; i < count; i++) {
            assertEquals(i, order.get(i), "completion " + i + " out of order");
        }
        assertTrue(onLoop.stream().allMatch(b -> b), "every completion ran on the loop, in a Vert.x context");
    }

    @Test
    void aFailingCompletionDoesNotStopTheOthers() throws Exception {
        LoopInbox inbox = inboxOfTheLoop();
        CountDownLatch after = new CountDownLatch(1);
        inbox.post(() -> {
            throw new IllegalStateException("a broken completion");
        });
        inbox.post(after::countDown);
        assertTrue(after.await(10, TimeUnit.SECONDS));
    }
}
