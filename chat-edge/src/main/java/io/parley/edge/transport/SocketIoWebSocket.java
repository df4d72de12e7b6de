package io.parley.edge.transport;

import io.quarkus.websockets.next.InboundProcessingMode;
import io.quarkus.websockets.next.OnBinaryMessage;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.common.annotation.NonBlocking;
import io.vertx.core.buffer.Buffer;

/**
 * The Socket.IO WebSocket endpoint: frames in, frames out; everything else is Engine.IO's.
 *
 * <p>Every callback is non-blocking and returns when it is done, on the connection's event loop, where
 * websockets-next queues the open and then each message as a task, in arrival order. So the endpoint
 * needs none of the {@code SERIAL} mode's per-connection limiter (an unbounded queue with a 256-slot
 * first chunk, and a promise and a task per message): {@code CONCURRENT} keeps the order and saves
 * that memory and work on every connection. Engine.IO and Socket.IO order what is asynchronous
 * themselves (e.g. {@code ChatSession.inOrder}).
 */
@WebSocket(path = EdgeServers.SOCKET_IO_ENDPOINT_PATH, endpointId = SocketIoWebSocket.ID,
        inboundProcessingMode = InboundProcessingMode.CONCURRENT)
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
