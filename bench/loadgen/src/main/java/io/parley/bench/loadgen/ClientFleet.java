package io.parley.bench.loadgen;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Vert.x runtime shared by all simulated clients: a few event loops, one websocket client, and the
 * spreading of clients over the event loops (client i lives on loop i % loops).
 */
public final class ClientFleet implements AutoCloseable {

    private final Vertx vertx;
    private final Context[] contexts;
    private final WebSocketClient wsClient;
    private final WebSocketConnectOptions[] connectOptions;
    private final LoadGenConfig config;

    public ClientFleet(LoadGenConfig config, int maxConnections) {
        this.config = config;
        this.vertx = Vertx.vertx(new VertxOptions()
                .setPreferNativeTransport(config.nativeTransport)
                .setEventLoopPoolSize(config.eventLoops)
                .setWorkerPoolSize(1)
                .setInternalBlockingPoolSize(1)
                .setBlockedThreadCheckInterval(10_000));
        this.contexts = new Context[config.eventLoops];
        for (int i = 0; i < contexts.length; i++) {
            // from a non-Vert.x thread each call binds a new context to the next event loop, round robin
            contexts[i] = vertx.getOrCreateContext();
        }
        this.wsClient = vertx.createWebSocketClient(new WebSocketClientOptions()
                .setMaxConnections(maxConnections + 16)
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, config.connectTimeoutMillis))
                .setTcpNoDelay(true)
                .setMaxFrameSize(1 << 20)
                .setMaxMessageSize(1 << 21)
                .setTryUsePerMessageCompression(false)
                .setTryUsePerFrameCompression(false));
        this.connectOptions = new WebSocketConnectOptions[config.endpoints.size()];
        for (int i = 0; i < connectOptions.length; i++) {
            LoadGenConfig.Endpoint e = config.endpoints.get(i);
            connectOptions[i] = new WebSocketConnectOptions()
                    .setHost(e.host())
                    .setPort(e.port())
                    .setURI(EngineIoFrames.websocketPath(e.path()));
        }
    }

    /** "epoll" when the native Linux transport is in use, else "nio". */
    public String transport() {
        return vertx.isNativeTransportEnabled() ? "epoll" : "nio";
    }

    public Vertx vertx() {
        return vertx;
    }

    public Context contextFor(int clientIndex) {
        return contexts[clientIndex % contexts.length];
    }

    public Context[] contexts() {
        return contexts;
    }

    /** Starts the connect of a client on its own event loop, to its endpoint. */
    public void connect(ChatClient client) {
        WebSocketConnectOptions options = connectOptions[config.endpointIndex(client.index())];
        client.context().runOnContext(v -> client.connect(wsClient, options, !config.vertxFrames));
    }

    /** Closes every client on its event loop, then waits briefly for the close frames to go out. */
    public void closeAll(List<ChatClient> clients, long waitMillis) {
        for (ChatClient c : clients) {
            c.context().runOnContext(v -> c.close());
        }
        sleep(waitMillis);
    }

    @Override
    public void close() {
        try {
            wsClient.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // best effort
        }
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // best effort
        }
    }

    static void sleep(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Sleeps until System.nanoTime() reaches the deadline. */
    static void sleepUntil(long deadlineNanos) {
        long remaining;
        while ((remaining = deadlineNanos - System.nanoTime()) > 0) {
            sleep(Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining)));
        }
    }
}
