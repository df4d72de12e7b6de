package io.parley.edge.metrics;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.parley.edge.chat.ChatFanout;
import io.parley.edge.chat.OverloadGuard;
import io.parley.edge.cluster.ClusterNode;
import io.parley.edge.engineio.EngineIoServer;
import io.parley.edge.engineio.EngineIoStats;
import io.parley.edge.engineio.HandshakeError;
import io.parley.edge.transport.EdgeServers;
import io.quarkus.runtime.StartupEvent;

/**
 * Publishes the edge's counters to Micrometer (Prometheus at /q/metrics). Every label has a small,
 * fixed set of values: no room, user or socket ids. The list is documented in docs/metrics.md.
 */
@ApplicationScoped
public class EdgeMetrics {

    private final MeterRegistry registry;
    private final EdgeServers servers;
    private final ClusterNode cluster;
    private final OverloadGuard overload;
    private final ChatFanout fanout;

    public EdgeMetrics(MeterRegistry registry, EdgeServers servers, ClusterNode cluster, OverloadGuard overload,
            ChatFanout fanout) {
        this.overload = overload;
        this.fanout = fanout;
        this.registry = registry;
        this.servers = servers;
        this.cluster = cluster;
    }

    void register(@Observes StartupEvent event) {
        EngineIoServer engine = servers.socketIoEngine();
        EngineIoStats stats = engine.stats();
        Gauge.builder("parley.engineio.sessions", engine, EngineIoServer::sessionCount)
                .description("Open Engine.IO sessions (connected clients)").register(registry);
        for (String transport : new String[] { "polling", "websocket" }) {
            FunctionCounter.builder("parley.engineio.handshakes", stats, s -> s.handshakes(transport))
                    .tag("transport", transport).description("Sessions opened, by first transport")
                    .register(registry);
        }
        for (HandshakeError error : HandshakeError.values()) {
            FunctionCounter.builder("parley.engineio.rejections", stats, s -> s.rejections(error))
                    .tag("reason", error.name().toLowerCase()).description("HTTP requests refused, by Engine.IO error")
                    .register(registry);
        }
        counter("parley.engineio.upgrades", stats, EngineIoStats::upgrades, "Polling sessions upgraded to WebSocket");
        counter("parley.engineio.frames.in", stats, EngineIoStats::framesIn, "WebSocket frames and polling bodies received");
        counter("parley.engineio.bytes.in", stats, EngineIoStats::bytesIn, "Bytes received (characters for text)");
        counter("parley.engineio.frames.out", stats, EngineIoStats::framesOut, "Frames written to clients");
        counter("parley.engineio.bytes.out", stats, EngineIoStats::bytesOut, "Bytes written (characters for text)");
        counter("parley.engineio.volatile.drops", stats, EngineIoStats::volatileDrops,
                "Volatile emits dropped because the client could not take them at once");
        counter("parley.engineio.slow.client.disconnects", stats, EngineIoStats::slowClientDisconnects,
                "Clients disconnected because their outbound backlog was full");
        counter("parley.engineio.protocol.errors", stats, EngineIoStats::protocolErrors,
                "Sessions closed for a malformed Engine.IO packet");
        FunctionCounter.builder("parley.chat.overload.refused", overload, OverloadGuard::refusedCount)
                .description("Sends refused with UNAVAILABLE because the event loop was too far behind")
                .register(registry);
        FunctionCounter.builder("parley.socketio.protocol.errors", servers.socketIo(), s -> s.protocolErrors())
                .description("Sessions closed for a malformed Socket.IO packet").register(registry);
        if (!cluster.enabled()) {
            Gauge.builder("parley.chat.dedup.keys", fanout, ChatFanout::rememberedKeys)
                    .description("Resend (clientMsgId) keys remembered in this node's memory").register(registry);
            FunctionCounter.builder("parley.chat.dedup.forgotten.early", fanout, ChatFanout::keysForgottenEarly)
                    .description("Resend keys forgotten before parley.pipeline.dedup-window ended, to stay within "
                            + "parley.pipeline.dedup-max-keys")
                    .register(registry);
        }
        if (cluster.enabled()) {
            FunctionCounter.builder("parley.cluster.published", cluster.metrics(), m -> m.publishedCount())
                    .description("Broadcasts published to Redis").register(registry);
            FunctionCounter.builder("parley.cluster.received", cluster.metrics(), m -> m.deliveredCount())
                    .description("Broadcasts received from Redis and delivered locally").register(registry);
            FunctionCounter.builder("parley.cluster.malformed", cluster.metrics(), m -> m.malformedCount())
                    .description("Redis messages ignored as malformed").register(registry);
            FunctionCounter.builder("parley.cluster.publish.failures", cluster.broker(), b -> b.publishFailures())
                    .description("Publishes Redis refused or did not answer").register(registry);
            Gauge.builder("parley.cluster.channels", cluster.broker(), b -> b.subscribedChannels())
                    .description("Redis channels this node is subscribed to").register(registry);
            Timer lag = Timer.builder("parley.cluster.delivery.lag").description(
                    "Chat message send (sender node's clock) to delivery from the Redis subscription on this node")
                    .publishPercentileHistogram().register(registry);
            cluster.metrics().onLag(millis -> lag.record(millis, java.util.concurrent.TimeUnit.MILLISECONDS));
            Gauge.builder("parley.cluster.redis.connected", cluster.broker(), b -> b.connected() ? 1 : 0)
                    .description("1 while the Redis subscriber connection is up").register(registry);
            FunctionCounter.builder("parley.cluster.replayed", cluster.sequenced(), s -> s.replayedDelivered())
                    .description("Chat messages delivered from the rooms' replay logs after a lost subscription")
                    .register(registry);
            FunctionCounter.builder("parley.cluster.replay.duplicates", cluster.sequenced(), s -> s.duplicatesDropped())
                    .description("Chat messages not delivered again after a catch-up (already delivered)")
                    .register(registry);
        }
    }

    private void counter(String name, EngineIoStats stats, java.util.function.ToDoubleFunction<EngineIoStats> f,
            String description) {
        FunctionCounter.builder(name, stats, f).description(description).register(registry);
    }
}
