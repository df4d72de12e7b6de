package io.parley.edge.engineio;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;

/**
 * A session's home is its event loop's own context, not the duplicated context of the request or
 * callback that opened it: the session's timers (heartbeat, a token's expiry) would otherwise keep
 * that context and its local data alive for the connection's life.
 */
class EngineIoSessionHomeTest {

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void aSessionOpenedOnADuplicatedContextLivesOnTheLoopsOwnContext() throws Exception {
        EngineIoServer server = new EngineIoServer("test", vertx,
                new EngineIoServer.Settings(25_000, 20_000, 1_000_000, 10_000, 1_000, false, 1024, "", 0, Set.of()),
                new OriginPolicy(List.of()), null);
        ContextInternal loop = (ContextInternal) vertx.getOrCreateContext();
        ContextInternal opening = loop.duplicate();
        CompletableFuture<EngineIoSession> opened = new CompletableFuture<>();
        opening.runOnContext(v -> opened.complete(new EngineIoSession("s1", server, vertx, opening, null)));
        EngineIoSession session = opened.get(5, TimeUnit.SECONDS);

        assertFalse(((ContextInternal) session.home()).isDuplicate(), "the home is a duplicated context");
        assertSame(loop, session.home());

        CompletableFuture<ContextInternal> firedOn = new CompletableFuture<>();
        opening.runOnContext(v -> session.setTimer(1, t -> firedOn.complete(ContextInternal.current())));
        ContextInternal timerContext = firedOn.get(5, TimeUnit.SECONDS);
        assertSame(loop, timerContext, "a timer armed while handling a callback keeps that callback's context");
    }
}
