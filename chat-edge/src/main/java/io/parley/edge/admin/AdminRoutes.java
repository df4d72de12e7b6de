package io.parley.edge.admin;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.parley.edge.config.AdminConfig;
import io.parley.edge.socketio.BroadcastOperator;
import io.parley.edge.socketio.ClusterResult;
import io.parley.edge.socketio.Namespace;
import io.parley.edge.socketio.SocketInfo;
import io.parley.edge.transport.EdgeServers;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * Cluster administration over HTTP, answered from every node: list sockets, make sockets join or
 * leave rooms, disconnect them, emit (optionally gathering acks) and count nodes. Requires
 * {@code Authorization: Bearer <parley.admin.token>}; off when no token is configured.
 * <p>
 * Selectors: {@code rooms} (all sockets when empty) and {@code except}, as in Socket.IO's
 * {@code io.in(rooms).except(except)}.
 */
@ApplicationScoped
public class AdminRoutes {

    static final String BASE = "/api/admin";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final EdgeServers servers;
    private final AdminConfig config;

    public AdminRoutes(EdgeServers servers, AdminConfig config) {
        this.servers = servers;
        this.config = config;
    }

    void register(@Observes Router router) {
        if (config.token().isEmpty()) {
            return;
        }
        router.route(BASE + "/*").handler(BodyHandler.create(false).setBodyLimit(65536)).handler(this::authorize);
        router.get(BASE + "/nodes").handler(this::nodes);
        router.get(BASE + "/sockets").handler(this::sockets);
        router.post(BASE + "/sockets/join").handler(rc -> roomsChange(rc, true));
        router.post(BASE + "/sockets/leave").handler(rc -> roomsChange(rc, false));
        router.post(BASE + "/sockets/disconnect").handler(this::disconnect);
        router.post(BASE + "/emit").handler(this::emit);
        router.post(BASE + "/server-emit").handler(this::serverEmit);
    }

    private void authorize(RoutingContext rc) {
        String header = rc.request().getHeader(HttpHeaders.AUTHORIZATION);
        byte[] expected = ("Bearer " + config.token().orElseThrow()).getBytes(StandardCharsets.UTF_8);
        if (header == null || !MessageDigest.isEqual(expected, header.getBytes(StandardCharsets.UTF_8))) {
            problem(rc, 401, "Unauthorized", "a valid admin bearer token is required");
            return;
        }
        rc.next();
    }

    private Namespace namespace(RoutingContext rc) {
        String nsp = rc.request().getParam("nsp");
        return servers.socketIo().of(nsp == null || nsp.isEmpty() ? "/" : nsp);
    }

    private void nodes(RoutingContext rc) {
        Namespace ns = namespace(rc);
        ns.serverCount().subscribe().with(count -> json(rc, 200, NODES.objectNode().put("namespace", ns.name())
                .put("servers", count).put("node", ns.nodeId())), failure -> unavailable(rc, failure));
    }

    private void sockets(RoutingContext rc) {
        BroadcastOperator target = selector(namespace(rc), rc.queryParam("room"), rc.queryParam("except"));
        target.fetchSockets().subscribe().with(result -> {
            ObjectNode body = result(result);
            ArrayNode sockets = body.putArray("sockets");
            for (SocketInfo info : result.value()) {
                ObjectNode socket = sockets.addObject();
                socket.put("id", info.id());
                socket.put("userId", info.userId());
                socket.put("nodeId", info.nodeId());
                ArrayNode rooms = socket.putArray("rooms");
                info.rooms().forEach(rooms::add);
            }
            json(rc, 200, body);
        }, failure -> unavailable(rc, failure));
    }

    private void roomsChange(RoutingContext rc, boolean join) {
        JsonNode body = body(rc);
        if (body == null) {
            return;
        }
        List<String> rooms = strings(body.get("rooms"));
        if (rooms.isEmpty()) {
            problem(rc, 400, "Bad Request", "'rooms' must list at least one room to " + (join ? "join" : "leave"));
            return;
        }
        BroadcastOperator target = selector(namespace(rc), strings(body.get("in")), strings(body.get("except")));
        if (join) {
            target.socketsJoin(rooms.toArray(String[]::new));
        } else {
            target.socketsLeave(rooms.toArray(String[]::new));
        }
        json(rc, 202, NODES.objectNode().put("ok", true));
    }

    private void disconnect(RoutingContext rc) {
        JsonNode body = body(rc);
        if (body == null) {
            return;
        }
        selector(namespace(rc), strings(body.get("in")), strings(body.get("except")))
                .disconnectSockets(body.path("close").asBoolean(false));
        json(rc, 202, NODES.objectNode().put("ok", true));
    }

    private void emit(RoutingContext rc) {
        JsonNode body = body(rc);
        if (body == null) {
            return;
        }
        if (!body.path("event").isTextual()) {
            problem(rc, 400, "Bad Request", "'event' must be a string");
            return;
        }
        BroadcastOperator target = selector(namespace(rc), strings(body.get("in")), strings(body.get("except")));
        JsonNode[] args = args(body.get("args"));
        long ackTimeout = body.path("ackTimeoutMs").asLong(0);
        if (ackTimeout <= 0) {
            target.emit(body.get("event").textValue(), args);
            json(rc, 202, NODES.objectNode().put("ok", true));
            return;
        }
        target.emitWithAck(Duration.ofMillis(Math.min(ackTimeout, 60_000)), body.get("event").textValue(), args)
                .subscribe().with(result -> {
                    ObjectNode out = result(result);
                    ArrayNode acks = out.putArray("acks");
                    result.value().forEach(acks::add);
                    json(rc, 200, out);
                }, failure -> unavailable(rc, failure));
    }

    private void serverEmit(RoutingContext rc) {
        JsonNode body = body(rc);
        if (body == null) {
            return;
        }
        if (!body.path("event").isTextual()) {
            problem(rc, 400, "Bad Request", "'event' must be a string");
            return;
        }
        namespace(rc).serverSideEmit(body.get("event").textValue(), args(body.get("args")));
        json(rc, 202, NODES.objectNode().put("ok", true));
    }

    private static BroadcastOperator selector(Namespace ns, List<String> rooms, List<String> except) {
        BroadcastOperator target = ns.all();
        if (!rooms.isEmpty()) {
            target = target.to(rooms.toArray(String[]::new));
        }
        if (!except.isEmpty()) {
            target = target.except(except.toArray(String[]::new));
        }
        return target;
    }

    private static ObjectNode result(ClusterResult<?> result) {
        return NODES.objectNode().put("partial", result.partial()).put("nodesExpected", result.nodesExpected())
                .put("nodesResponded", result.nodesResponded());
    }

    private static JsonNode[] args(JsonNode args) {
        if (args == null || !args.isArray()) {
            return new JsonNode[0];
        }
        JsonNode[] out = new JsonNode[args.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = args.get(i);
        }
        return out;
    }

    private static List<String> strings(JsonNode node) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (node.isTextual()) {
            return List.of(node.textValue());
        }
        List<String> out = new java.util.ArrayList<>();
        node.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static JsonNode body(RoutingContext rc) {
        try {
            JsonNode body = rc.body() == null || rc.body().length() == 0 ? NODES.objectNode()
                    : JSON.readTree(rc.body().asString());
            if (!body.isObject()) {
                problem(rc, 400, "Bad Request", "the body must be a JSON object");
                return null;
            }
            return body;
        } catch (Exception e) {
            problem(rc, 400, "Bad Request", "the body is not valid JSON");
            return null;
        }
    }

    private static void unavailable(RoutingContext rc, Throwable failure) {
        problem(rc, 503, "Service Unavailable", "the cluster did not answer: " + failure.getMessage());
    }

    private static void json(RoutingContext rc, int status, JsonNode body) {
        rc.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(body.toString());
    }

    /** RFC 9457 problem details. */
    static void problem(RoutingContext rc, int status, String title, String detail) {
        ObjectNode body = NODES.objectNode().put("type", "about:blank").put("title", title).put("status", status)
                .put("detail", detail).put("instance", rc.request().path());
        rc.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/problem+json")
                .end(body.toString());
    }
}
