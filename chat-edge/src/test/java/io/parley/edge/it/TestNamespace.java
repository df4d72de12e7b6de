package io.parley.edge.it;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.parley.edge.socketio.Namespace;
import io.parley.edge.transport.EdgeServers;
import io.quarkus.runtime.StartupEvent;

/**
 * A test-only namespace {@code /test} (no authentication) exercising the Socket.IO layer directly:
 * <ul>
 * <li>{@code echo} emits {@code echo} back with the same arguments (binary included) and acks them too;</li>
 * <li>{@code ask} makes the server emit {@code question} with an ack to the client, then acks the
 * original event with {@code {answer: <the client's ack arguments>}} (or {@code {error}} on timeout);</li>
 * <li>{@code whoami} acks the Engine.IO session id of the socket.</li>
 * </ul>
 */
@ApplicationScoped
public class TestNamespace {

    public static final String NAME = "/test";

    private final EdgeServers servers;

    public TestNamespace(EdgeServers servers) {
        this.servers = servers;
    }

    void register(@Observes StartupEvent event) {
        Namespace ns = servers.socketIo().of(NAME);
        ns.on("echo", (socket, args, ack) -> {
            socket.emit("echo", array(args));
            ack.send(array(args));
        });
        ns.on("ask", (socket, args, ack) -> socket
                .emitWithAck(Duration.ofSeconds(5), "question", array(args))
                .subscribe().with(
                        reply -> {
                            ObjectNode answer = JsonNodeFactory.instance.objectNode();
                            answer.set("answer", reply);
                            ack.send(answer);
                        },
                        failure -> ack.send(JsonNodeFactory.instance.objectNode().put("error",
                                failure.getClass().getSimpleName()))));
        ns.on("whoami", (socket, args, ack) -> ack.send(JsonNodeFactory.instance.textNode(socket.sessionId())));
    }

    private static JsonNode[] array(ArrayNode args) {
        JsonNode[] out = new JsonNode[args.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = args.get(i);
        }
        return out;
    }
}
