package io.parley.edge.transport;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.parley.edge.cluster.ClusterNode;
import io.parley.edge.config.ConformanceConfig;
import io.parley.edge.config.EngineIoConfig;
import io.parley.edge.config.RateLimitConfig;
import io.parley.edge.config.SocketIoConfig;
import io.parley.edge.conformance.EngineIoEcho;
import io.parley.edge.engineio.DisconnectReason;
import io.parley.edge.engineio.EngineIoServer;
import io.parley.edge.engineio.OriginPolicy;
import io.parley.edge.socketio.SocketIoServer;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.Vertx;

/**
 * The servers this node runs: Socket.IO on the configured path and, in the conformance profile only,
 * a bare Engine.IO echo on /engine.io. A singleton: every WebSocket frame asks it for its engine, and a
 * singleton is injected as itself, not through a client proxy.
 */
@Singleton
public class EdgeServers {

    /** Internal path of the WebSocket endpoint; upgrades on a configured path are rerouted here. */
    public static final String SOCKET_IO_ENDPOINT_PATH = "/socket.io";
    public static final String ENGINE_IO_ECHO_PATH = "/engine.io";

    private final EngineIoConfig engineIoConfig;
    private final SocketIoServer socketIo;
    private final EngineIoServer socketIoEngine;
    private final EngineIoServer echoEngine;

    public EdgeServers(Vertx vertx, EngineIoConfig engineIo, SocketIoConfig socketIoConfig,
            ConformanceConfig conformance, ClusterNode cluster, RateLimitConfig rateLimits) {
        this.engineIoConfig = engineIo;
        EngineIoServer.Settings settings = new EngineIoServer.Settings(engineIo.pingInterval().toMillis(),
                engineIo.pingTimeout().toMillis(), engineIo.maxPayload(), engineIo.upgradeTimeout().toMillis(),
                engineIo.maxOutboundBacklog(), engineIo.httpCompression().enabled(),
                engineIo.httpCompression().threshold(), engineIo.sidPrefix().orElse(""),
                engineIo.websocketFlushInterval().toNanos(), handshakeHeaders(rateLimits));
        OriginPolicy origins = new OriginPolicy(engineIo.corsOrigins());
        this.socketIo = new SocketIoServer(vertx, cluster.nodeId(), socketIoConfig.connectTimeout().toMillis(),
                socketIoConfig.maxAttachments(), cluster.adapterFactory());
        this.socketIoEngine = new EngineIoServer("socket.io", vertx, settings, origins, socketIo);
        this.echoEngine = conformance.enabled()
                ? new EngineIoServer("engine.io", vertx, settings, origins, new EngineIoEcho())
                : null;
    }

    /**
     * The request headers a session keeps for later: the bearer token (a client may connect to more
     * namespaces after the first, each authenticated) and the proxy's client-IP header when one is
     * configured. The rest of the request is not kept past the handshake.
     */
    static Set<String> handshakeHeaders(RateLimitConfig rateLimits) {
        Set<String> names = new HashSet<>();
        names.add("Authorization");
        rateLimits.clientIpHeader().ifPresent(names::add);
        return names;
    }

    public SocketIoServer socketIo() {
        return socketIo;
    }

    public EngineIoServer socketIoEngine() {
        return socketIoEngine;
    }

    public Optional<EngineIoServer> echoEngine() {
        return Optional.ofNullable(echoEngine);
    }

    public String socketIoPath() {
        String path = engineIoConfig.path();
        return path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
    }

    /** The Engine.IO server behind a WebSocket endpoint id, if it is enabled. */
    Optional<EngineIoServer> forEndpoint(String endpointId) {
        return switch (endpointId) {
            case SocketIoWebSocket.ID -> Optional.of(socketIoEngine);
            case EngineIoEchoWebSocket.ID -> echoEngine();
            default -> Optional.empty();
        };
    }

    /**
     * Drains at shutdown: readiness is already down (quarkus.shutdown.delay), so the load balancer
     * sends no new clients; the open sessions are closed in batches spread over
     * {@code parley.engineio.drain-period}, so that their clients reconnect to the other nodes
     * without a thundering herd. Acked messages are already in Redis (and Kafka): none is lost.
     */
    void onShutdownDelay(@Observes ShutdownDelayInitiatedEvent event) {
        // readiness is down from now on: drain while the load balancer takes this node out, before
        // Quarkus waits for open requests (an open WebSocket counts as one)
        drainAll();
    }

    void onStop(@Observes ShutdownEvent event) {
        drainAll();
    }

    private synchronized void drainAll() {
        if (drained) {
            return;
        }
        drained = true;
        socketIoEngine.startDraining();
        drain(socketIoEngine, engineIoConfig.drainPeriod().toMillis());
        if (echoEngine != null) {
            echoEngine.closeAll(DisconnectReason.SERVER_SHUTTING_DOWN);
        }
    }

    private boolean drained;

    private static void drain(EngineIoServer engine, long periodMillis) {
        java.util.List<io.parley.edge.engineio.EngineIoSession> sessions = java.util.List.copyOf(engine.sessions());
        int steps = (int) Math.max(1, periodMillis / 100);
        int batch = Math.max(1, (sessions.size() + steps - 1) / steps);
        for (int i = 0; i < sessions.size(); i += batch) {
            for (int j = i; j < Math.min(sessions.size(), i + batch); j++) {
                sessions.get(j).close(DisconnectReason.SERVER_SHUTTING_DOWN);
            }
            if (i + batch < sessions.size()) {
                try {
                    Thread.sleep(100); // the shutdown thread, not an event loop
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        engine.closeAll(DisconnectReason.SERVER_SHUTTING_DOWN);
    }
}
