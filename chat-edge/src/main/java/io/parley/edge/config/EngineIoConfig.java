package io.parley.edge.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Engine.IO transport settings (prefix {@code parley.engineio}). */
@ConfigMapping(prefix = "parley.engineio")
public interface EngineIoConfig {

    /** HTTP path of the Socket.IO server; WebSocket upgrades on another path are rerouted to it. */
    @WithDefault("/socket.io")
    String path();

    /** Interval between server pings. Announced to clients in the open packet. */
    @WithDefault("25s")
    Duration pingInterval();

    /** How long after a ping the pong may take before the session is closed. */
    @WithDefault("20s")
    Duration pingTimeout();

    /** Largest accepted packet or polling payload in bytes; larger input ends the session. */
    @WithDefault("1000000")
    int maxPayload();

    /** How long a polling-to-WebSocket upgrade may take once the WebSocket is open. */
    @WithDefault("10s")
    Duration upgradeTimeout();

    /** Outbound frames a connection may have waiting before it is disconnected as a slow client. */
    @WithDefault("2048")
    int maxOutboundBacklog();

    /**
     * Allowed Origin header values for polling (CORS) and WebSocket upgrades. {@code *} allows every
     * origin. Requests without an Origin header (native apps, servers) are always allowed.
     */
    @WithDefault("*")
    List<String> corsOrigins();

    /**
     * Flush each WebSocket once per event-loop pass instead of once per frame: frames written to a
     * connection in the same pass (a burst of broadcasts) share one write syscall. Applies to the
     * websockets-next write path (Netty's FlushConsolidationHandler); direct writes
     * ({@code websocket-direct-writes}) always flush once per event-loop iteration.
     */
    @WithDefault("true")
    boolean websocketFlushConsolidation();

    /**
     * Write each WebSocket frame's bytes, built once per broadcast, straight into the connection's
     * Netty channel on its own event loop, instead of one websockets-next send (a Uni, an encoding
     * and a promise) per recipient. Turn off only to compare or to work around a problem.
     */
    @WithDefault("true")
    boolean websocketDirectWrites();

    /**
     * How often at most a WebSocket connection that keeps getting frames is flushed (direct writes).
     * A connection last flushed longer ago than this is flushed at the end of the event-loop pass
     * that wrote to it, as with {@code 0}; one flushed more recently waits until this much time has
     * passed since its last flush, so that the frames of a busy room share one write syscall instead
     * of one each. A frame waits at most this long, and only on a connection that got another frame
     * within it. 10ms was the default until a connection getting a frame every 10 ms or so (100
     * frames/s, scenario (a) of the benchmark) waited most of the interval for nearly every frame:
     * deliveries' p50 7.5 ms at 10ms, 0.5 ms at 2ms, with the closed-loop throughput within noise.
     */
    @WithDefault("2ms")
    Duration websocketFlushInterval();

    /** At shutdown, open sessions are closed in batches spread over this period. */
    @WithDefault("5s")
    Duration drainPeriod();

    /** Compression of long-polling responses. */
    HttpCompression httpCompression();

    interface HttpCompression {
        /** gzip polling responses when the client accepts it. */
        @WithDefault("true")
        boolean enabled();

        /** Smallest response body, in bytes, that is compressed. */
        @WithDefault("1024")
        int threshold();
    }

    /** Optional fixed session id prefix, useful to tell nodes apart in logs. */
    Optional<String> sidPrefix();
}
