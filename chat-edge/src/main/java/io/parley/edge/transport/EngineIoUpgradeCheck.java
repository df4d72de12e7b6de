package io.parley.edge.transport;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.parley.edge.config.EngineIoConfig;
import io.parley.edge.engineio.EngineIoServer;
import io.parley.edge.engineio.HandshakeError;
import io.parley.edge.engineio.HandshakeInfo;
import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.parley.edge.security.HandshakeLimiter;
import io.netty.channel.Channel;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;

/**
 * Validates a WebSocket upgrade with the same rules as polling (EIO, transport, sid, origin) and
 * parses its query once into per-connection data.
 */
@ApplicationScoped
public class EngineIoUpgradeCheck implements HttpUpgradeCheck {

    private final EdgeServers servers;
    private final boolean flushConsolidation;
    private final boolean directWrites;
    private final HandshakeLimiter handshakes;

    public EngineIoUpgradeCheck(EdgeServers servers, EngineIoConfig config, HandshakeLimiter handshakes) {
        this.servers = servers;
        this.handshakes = handshakes;
        this.flushConsolidation = config.websocketFlushConsolidation();
        this.directWrites = config.websocketDirectWrites();
    }

    @Override
    public boolean appliesTo(String endpointId) {
        return SocketIoWebSocket.ID.equals(endpointId) || EngineIoEchoWebSocket.ID.equals(endpointId);
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        Optional<EngineIoServer> server = servers.forEndpoint(context.endpointId());
        if (server.isEmpty()) {
            return CheckResult.rejectUpgrade(404);
        }
        HttpServerRequest request = context.httpRequest();
        String sid = request.getParam("sid");
        HandshakeError error = server.get().check(HttpMethod.GET, request.getParam("EIO"),
                request.getParam("transport"), sid, request.getHeader(HttpHeaders.ORIGIN), true);
        if (error != null) {
            return CheckResult.rejectUpgrade(error.httpStatus());
        }
        if (sid == null && server.get().draining()) {
            // the node is stopping: the client retries and the load balancer sends it elsewhere
            return CheckResult.rejectUpgrade(503);
        }
        HandshakeInfo handshake = server.get().handshakeOf(request, "websocket");
        UpgradeHeaders.trim(request.headers(), server.get().handshakeHeaders());
        if (sid != null) {
            context.userData().put(WebSocketBridge.SID, sid);
        }
        Channel channel = FlushConsolidation.channelOf(request);
        if (channel != null) {
            if (flushConsolidation && !directWrites) {
                // direct writes flush once per loop iteration themselves (LoopFlusher); this handler
                // would defer their flushes again, behind the loop's whole task queue
                FlushConsolidation.install(channel);
            }
            if (directWrites) {
                context.userData().put(WebSocketBridge.CHANNEL, channel);
            }
        }
        context.userData().put(WebSocketBridge.HANDSHAKE, handshake);
        context.userData().put(WebSocketBridge.UPGRADE_HEADERS, request.headers());
        if (sid == null && SocketIoWebSocket.ID.equals(context.endpointId())) {
            // a new session straight over WebSocket: the per-IP handshake rate applies
            return handshakes.allow(request, "websocket")
                    .chain(allowed -> allowed ? CheckResult.permitUpgrade() : CheckResult.rejectUpgrade(429));
        }
        return CheckResult.permitUpgrade();
    }
}
