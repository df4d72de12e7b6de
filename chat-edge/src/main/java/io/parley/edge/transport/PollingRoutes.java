package io.parley.edge.transport;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.parley.edge.config.EngineIoConfig;
import io.parley.edge.engineio.EngineIoServer;
import io.parley.edge.security.HandshakeLimiter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * HTTP long-polling on the Socket.IO path (and on /engine.io in the conformance profile). WebSocket
 * upgrade requests pass through to the WebSocket endpoint.
 */
@ApplicationScoped
public class PollingRoutes {

    private final EdgeServers servers;
    private final EngineIoConfig config;
    private final HandshakeLimiter handshakes;

    public PollingRoutes(EdgeServers servers, EngineIoConfig config, HandshakeLimiter handshakes) {
        this.servers = servers;
        this.config = config;
        this.handshakes = handshakes;
    }

    void register(@Observes Router router) {
        mount(router, servers.socketIoPath(), EdgeServers.SOCKET_IO_ENDPOINT_PATH, servers.socketIoEngine(), true);
        servers.echoEngine().ifPresent(
                echo -> mount(router, EdgeServers.ENGINE_IO_ECHO_PATH, EdgeServers.ENGINE_IO_ECHO_PATH, echo, false));
    }

    private void mount(Router router, String path, String webSocketPath, EngineIoServer engine,
            boolean limitHandshakes) {
        if (!path.equals(webSocketPath)) {
            // WebSocket upgrades on a configured path go to the endpoint's fixed path
            router.route(path).order(-10).handler(rc -> {
                if (rc.request().headers().contains("Sec-WebSocket-Key")) {
                    String query = rc.request().query();
                    rc.reroute(HttpMethod.GET, webSocketPath + (query == null ? "" : "?" + query));
                } else {
                    rc.next();
                }
            });
        }
        // No explicit order: this route runs after the WebSocket endpoint's, which takes the upgrades.
        var route = router.route(path).handler(BodyHandler.create(false).setBodyLimit(config.maxPayload() + 1L));
        if (limitHandshakes) {
            route.handler(this::limitHandshake);
        }
        route.handler(engine::handleHttp).failureHandler(rc -> onFailure(rc, engine));
    }

    /** A polling handshake (GET without sid) over the per-IP handshake rate gets HTTP 429. */
    private void limitHandshake(RoutingContext rc) {
        if (rc.request().method() != HttpMethod.GET || rc.request().getParam("sid") != null) {
            rc.next();
            return;
        }
        Context context = Vertx.currentContext();
        handshakes.allow(rc.request(), "polling").subscribe().with(allowed -> context.runOnContext(v -> {
            if (allowed) {
                rc.next();
            } else {
                rc.response().setStatusCode(429).putHeader("Retry-After", "1")
                        .putHeader("Content-Type", "application/json")
                        .end("{\"code\":429,\"message\":\"Too many handshakes\"}");
            }
        }), failure -> context.runOnContext(v -> rc.next()));
    }

    private static void onFailure(RoutingContext rc, EngineIoServer engine) {
        int status = rc.statusCode() > 0 ? rc.statusCode() : 400;
        if (!rc.response().ended()) {
            rc.response().setStatusCode(status).end();
        }
        // the body handler refuses bodies over maxPayload before the engine sees them: the session
        // must end as it does for a too-large body the engine refuses itself
        engine.onHttpFailure(rc, status);
    }
}
