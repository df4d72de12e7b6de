package io.parley.edge.transport;

import io.quarkus.websockets.next.OnBinaryMessage;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.common.annotation.NonBlocking;
import io.vertx.core.buffer.Buffer;

/** The bare Engine.IO echo endpoint of the conformance profile; upgrades are refused otherwise. */
@WebSocket(path = EdgeServers.ENGINE_IO_ECHO_PATH, endpointId = EngineIoEchoWebSocket.ID)
public class EngineIoEchoWebSocket {

    static final String ID = "engineio-echo";

    private final EdgeServers servers;

    public EngineIoEchoWebSocket(EdgeServers servers) {
        this.servers = servers;
    }

    @OnOpen
    @NonBlocking
    public void onOpen(WebSocketConnection connection) {
        servers.echoEngine().ifPresent(engine -> WebSocketBridge.open(engine, connection));
    }

    @OnTextMessage
    @NonBlocking
    public void onText(String text, WebSocketConnection connection) {
        servers.echoEngine().ifPresent(engine -> WebSocketBridge.text(engine, connection, text));
    }

    @OnBinaryMessage
    @NonBlocking
    public void onBinary(Buffer data, WebSocketConnection connection) {
        servers.echoEngine().ifPresent(engine -> WebSocketBridge.binary(engine, connection, data));
    }

    @OnClose
    @NonBlocking
    public void onClose(WebSocketConnection connection) {
        servers.echoEngine().ifPresent(engine -> WebSocketBridge.close(engine, connection));
    }

    @OnError
    @NonBlocking
    public void onError(Throwable failure, WebSocketConnection connection) {
        connection.close().subscribe().with(ok -> {
        }, error -> {
        });
    }
}
