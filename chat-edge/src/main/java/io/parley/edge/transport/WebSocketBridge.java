package io.parley.edge.transport;

import io.parley.edge.engineio.EngineIoServer;
import io.parley.edge.engineio.HandshakeInfo;
import io.parley.edge.engineio.WebSocketTransport;
import io.netty.channel.Channel;
import io.quarkus.websockets.next.UserData;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

/** Translates WebSocket callbacks into Engine.IO transport calls; shared by the endpoints. */
final class WebSocketBridge {

    static final UserData.TypedKey<String> SID = new UserData.TypedKey<>("parley.sid");
    static final UserData.TypedKey<HandshakeInfo> HANDSHAKE = new UserData.TypedKey<>("parley.handshake");
    /** The connection's Netty channel, when frames are written straight into it. */
    static final UserData.TypedKey<Channel> CHANNEL = new UserData.TypedKey<>("parley.channel");
    static final UserData.TypedKey<WebSocketTransport> TRANSPORT = new UserData.TypedKey<>("parley.transport");
    /**
     * The upgrade request's header map. Vert.x keeps it for the WebSocket's life; by the time the
     * connection opens, the handshake is done, websockets-next has its own copy and the session has
     * what it reads (HandshakeInfo), so it is emptied then: a browser's cookies and the like are not
     * kept for hours.
     */
    static final UserData.TypedKey<MultiMap> UPGRADE_HEADERS = new UserData.TypedKey<>("parley.upgrade-headers");

    private WebSocketBridge() {
    }

    /** The upgrade's data is taken out of the connection's user data: only the transport stays there. */
    static void open(EngineIoServer server, WebSocketConnection connection) {
        UserData data = connection.userData();
        MultiMap upgradeHeaders = data.remove(UPGRADE_HEADERS);
        if (upgradeHeaders != null) {
            upgradeHeaders.clear();
        }
        Channel channel = data.remove(CHANNEL);
        if (channel != null) {
            HeartbeatOnlyTimeout.apply(channel);
        }
        WebSocketTransport transport = new WebSocketTransport(connection, channel,
                server.websocketFlushIntervalNanos());
        data.put(TRANSPORT, transport);
        server.onWebSocketOpen(transport, data.remove(SID), data.remove(HANDSHAKE));
    }

    static void text(EngineIoServer server, WebSocketConnection connection, String text) {
        WebSocketTransport transport = connection.userData().get(TRANSPORT);
        if (transport != null) {
            server.onWebSocketText(transport, text);
        }
    }

    static void binary(EngineIoServer server, WebSocketConnection connection, Buffer data) {
        WebSocketTransport transport = connection.userData().get(TRANSPORT);
        if (transport != null) {
            server.onWebSocketBinary(transport, data.getBytes());
        }
    }

    static void close(EngineIoServer server, WebSocketConnection connection) {
        WebSocketTransport transport = connection.userData().get(TRANSPORT);
        if (transport != null) {
            server.onWebSocketClose(transport);
        }
    }
}
