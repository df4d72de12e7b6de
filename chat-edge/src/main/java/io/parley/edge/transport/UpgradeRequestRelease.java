package io.parley.edge.transport;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Keeps an open WebSocket from holding on to the HTTP request that upgraded it.
 * <p>
 * Quarkus' HTTP security puts a lazily resolved identity on every request (quarkus-oidc is on the
 * classpath; proactive authentication is off). When an upgrade request carries one, websockets-next
 * keeps the request's whole routing context (request, response, their headers and wrappers: about
 * 3 KB) for the life of the connection, so that endpoint code could ask for that identity later.
 * Parley's endpoints never do: a Socket.IO client authenticates in its CONNECT packet (see the
 * {@code identity} package), so an upgrade to one of them drops the identity before websockets-next
 * takes the request. The security filters have run by then; path permissions still apply.
 */
@ApplicationScoped
public class UpgradeRequestRelease {

    /** After Quarkus' authentication and authorization filters, before the WebSocket endpoints. */
    static final int ORDER = -20;

    private final EdgeServers servers;

    public UpgradeRequestRelease(EdgeServers servers) {
        this.servers = servers;
    }

    void register(@Observes Router router) {
        router.route(EdgeServers.SOCKET_IO_ENDPOINT_PATH).order(ORDER).handler(UpgradeRequestRelease::release);
        if (servers.echoEngine().isPresent()) {
            router.route(EdgeServers.ENGINE_IO_ECHO_PATH).order(ORDER).handler(UpgradeRequestRelease::release);
        }
    }

    static void release(RoutingContext rc) {
        if (rc.request().headers().contains("Sec-WebSocket-Key")) {
            rc.remove(QuarkusHttpUser.DEFERRED_IDENTITY_KEY);
            if (rc.user() != null) {
                rc.setUser(null);
            }
        }
        rc.next();
    }
}
