package io.parley.edge.conformance;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;

import io.parley.edge.config.ConformanceConfig;
import io.parley.edge.socketio.Socket;
import io.parley.edge.socketio.SocketIoServer;
import io.parley.edge.transport.EdgeServers;
import io.quarkus.runtime.StartupEvent;

/**
 * Mirrors the reference test server of the Socket.IO protocol project: {@code /} and {@code /custom}
 * emit {@code auth} with the handshake's auth payload; on {@code /}, {@code message} is answered with
 * {@code message-back} and {@code message-with-ack} is acked with its own arguments.
 */
@ApplicationScoped
public class ConformanceNamespaces {

    private final EdgeServers servers;
    private final ConformanceConfig config;

    public ConformanceNamespaces(EdgeServers servers, ConformanceConfig config) {
        this.servers = servers;
        this.config = config;
    }

    void register(@Observes StartupEvent event) {
        if (!config.enabled()) {
            return;
        }
        SocketIoServer io = servers.socketIo();
        io.of("/").onConnection(ConformanceNamespaces::emitAuth)
                .on("message", (socket, args, ack) -> socket.emit("message-back", array(args)))
                .on("message-with-ack", (socket, args, ack) -> ack.send(array(args)));
        io.of("/custom").onConnection(ConformanceNamespaces::emitAuth);
    }

    private static void emitAuth(Socket socket) {
        socket.emit("auth", socket.auth());
    }

    private static JsonNode[] array(ArrayNode args) {
        JsonNode[] out = new JsonNode[args.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = args.get(i);
        }
        return out;
    }
}
