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

/** The Socket.IO WebSocket endpoint: frames in, frames out; everything else is Engine.IO's. */
@WebSocket(path = EdgeServers.SOCKET_IO_ENDPOINT_PATH, endpointId = SocketIoWebSocket.ID)
public class SocketIoWebSocket {

    static final String ID = "socketio";

    private final EdgeServers servers;

    public SocketIoWebSocket(EdgeServers servers) {
        this.servers = servers;
    }

    @OnOpen
    @NonBlocking
    public void onOpen(WebSocketConnection connection) {
        WebSocketBridge.open(servers.socketIoEngine(), connection);
    }

    @OnTextMessage
    @NonBlocking
    public void onText(String text, WebSocketConnection connection) {
        WebSocketBridge.text(servers.socketIoEngine(), connection, text);
    }

    @OnBinaryMessage
    @NonBlocking
    public void onBinary(Buffer data, WebSocketConnection connection) {
        WebSocketBridge.binary(servers.socketIoEngine(), connection, data);
    }

    @OnClose
    @NonBlocking
    public void onClose(WebSocketConnection connection) {
        WebSocketBridge.close(servers.socketIoEngine(), connection);
    }

    @OnError
    @NonBlocking
    public void onError(Throwable failure, WebSocketConnection connection) {
        connection.close().subscribe().with(ok -> {
        }, error -> {
        });
    }
}
