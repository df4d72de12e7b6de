package io.parley.edge.oidc;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;


import com.sun.net.httpserver.HttpServer;

import io.parley.edge.support.Tokens;

/**
 * chat-persister's {@code GET /api/groups/{id}} contract (docs/identity-contract: 200 when public or
 * the caller is a member, 403 when private and not, 404 when unknown; the caller is the {@code sub}
 * of the bearer token), served by a JDK HTTP server on loopback so the edge's group lookups can be
 * tested without a database; {@code GET /api/rooms/{roomId}/messages} answers an empty page. Records
 * the Authorization headers it receives. It decodes the caller
 * from the token without verifying it: the edge verified it already, and this double only answers
 * as the real service would for that caller.
 */
final class GroupsDouble {

    static final int PORT = freePort();
    private static HttpServer server;

    /** groupId -> visibility (PUBLIC|PRIVATE) and members. */
    record Group(String visibility, Set<String> members) {
    }

    static final Map<String, Group> GROUPS = new ConcurrentHashMap<>();
    static final List<String> AUTHORIZATIONS = new CopyOnWriteArrayList<>();

    private GroupsDouble() {
    }

    static synchronized void start() throws IOException {
        if (server != null) {
            return;
        }
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", PORT), 16);
        server.createContext("/api/groups/", exchange -> {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            AUTHORIZATIONS.add(authorization == null ? "" : authorization);
            String id = exchange.getRequestURI().getPath().substring("/api/groups/".length());
            Group group = GROUPS.get(id);
            int status;
            String body;
            String caller = authorization == null ? null
                    : Tokens.claims(authorization.substring("Bearer ".length())).path("sub").asText(null);
            if (caller == null) {
                status = 401;
                body = "{}";
            } else if (group == null) {
                status = 404;
                body = "{\"status\":404}";
            } else if (group.visibility().equals("PRIVATE") && !group.members().contains(caller)) {
                status = 403;
                body = "{\"status\":403}";
            } else {
                status = 200;
                body = "{\"id\":\"" + id + "\",\"roomId\":\"grp:" + id + "\",\"name\":\"g\",\"visibility\":\""
                        + group.visibility() + "\",\"memberCount\":" + group.members().size() + "}";
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.createContext("/api/rooms/", exchange -> {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            AUTHORIZATIONS.add(authorization == null ? "" : authorization);
            byte[] bytes = "{\"messages\":[],\"hasMore\":false,\"nextBeforeSeq\":null}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(authorization == null ? 401 : 200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
    }

    static String url() {
        return "http://127.0.0.1:" + PORT;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

}
