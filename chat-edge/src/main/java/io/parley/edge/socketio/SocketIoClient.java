package io.parley.edge.socketio;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.parley.edge.engineio.DisconnectReason;
import io.parley.edge.engineio.EngineIoPacket;
import io.parley.edge.engineio.EngineIoSession;

/**
 * The Socket.IO side of one Engine.IO session: decodes packets (collecting binary attachments),
 * connects the session to namespaces and routes packets to the socket of their namespace. Runs on
 * the session's home event loop.
 */
final class SocketIoClient {

    private final SocketIoServer server;
    private final EngineIoSession session;
    /** The socket of the first namespace connected (most clients use one), then the others, if any. */
    private Socket socket;
    private Map<String, Socket> others;
    /** Namespaces whose CONNECT is being checked; null while there is none (most of the time). */
    private Set<String> connecting;
    private SocketIoPacket awaitingAttachments;
    private List<byte[]> attachments;
    private long connectTimer = -1;
    private boolean everConnected;

    SocketIoClient(SocketIoServer server, EngineIoSession session) {
        this.server = server;
        this.session = session;
    }

    EngineIoSession session() {
        return session;
    }

    void onOpen() {
        connectTimer = server.vertx().setTimer(server.connectTimeoutMillis(), t -> {
            connectTimer = -1;
            if (!everConnected) {
                session.close(DisconnectReason.CONNECT_TIMEOUT);
            }
        });
    }

    void onMessage(EngineIoPacket packet) {
        SocketIoPacket decoded;
        try {
            decoded = packet.isBinary() ? onAttachment(packet.binary()) : onText(packet.text());
        } catch (SocketIoProtocolException e) {
            server.recordProtocolError();
            session.close(DisconnectReason.PARSE_ERROR);
            return;
        }
        if (decoded != null) {
            dispatch(decoded);
        }
    }

    private SocketIoPacket onText(String text) {
        if (awaitingAttachments != null) {
            throw new SocketIoProtocolException("text packet while binary attachments were expected");
        }
        SocketIoPacket packet = SocketIoCodec.decode(text, server.maxAttachments());
        if (packet.attachments() == 0) {
            return packet;
        }
        awaitingAttachments = packet;
        attachments = new ArrayList<>(packet.attachments());
        return null;
    }

    private SocketIoPacket onAttachment(byte[] data) {
        if (awaitingAttachments == null) {
            throw new SocketIoProtocolException("unexpected binary attachment");
        }
        attachments.add(data);
        if (attachments.size() < awaitingAttachments.attachments()) {
            return null;
        }
        SocketIoPacket complete = SocketIoCodec.reconstruct(awaitingAttachments, attachments);
        awaitingAttachments = null;
        attachments = null;
        return complete;
    }

    private void dispatch(SocketIoPacket packet) {
        if (packet.type() == SocketIoPacketType.CONNECT) {
            connect(packet);
            return;
        }
        Socket target = socketOf(packet.nsp());
        if (target != null) {
            target.onPacket(packet);
        }
    }

    private Socket socketOf(String namespace) {
        Socket first = socket;
        if (first != null && first.namespace().name().equals(namespace)) {
            return first;
        }
        return others == null ? null : others.get(namespace);
    }

    private void connect(SocketIoPacket packet) {
        String name = packet.nsp();
        Namespace namespace = server.namespace(name);
        if (namespace == null) {
            ObjectNode error = JsonNodeFactory.instance.objectNode().put("message", "Invalid namespace");
            sendRaw(new SocketIoPacket(SocketIoPacketType.CONNECT_ERROR, name, -1, error));
            return;
        }
        if (socketOf(name) != null || (connecting != null && connecting.contains(name))) {
            return;
        }
        if (connecting == null) {
            connecting = new HashSet<>(2);
        }
        connecting.add(name);
        ObjectNode auth = packet.data() instanceof ObjectNode object ? object : JsonNodeFactory.instance.objectNode();
        Socket socket = new Socket(server.newSocketId(), namespace, this, auth);
        namespace.checkGuards(socket).subscribe().with(
                ok -> session.onHome(() -> accept(socket)),
                failure -> session.onHome(() -> refuse(socket, failure)));
    }

    private void doneConnecting(String name) {
        if (connecting != null) {
            connecting.remove(name);
            if (connecting.isEmpty()) {
                connecting = null;
            }
        }
    }

    private void accept(Socket socket) {
        String name = socket.namespace().name();
        doneConnecting(name);
        if (session.isClosed()) {
            return;
        }
        everConnected = true;
        if (connectTimer >= 0) {
            server.vertx().cancelTimer(connectTimer);
            connectTimer = -1;
        }
        if (this.socket == null) {
            this.socket = socket;
        } else {
            if (others == null) {
                others = new HashMap<>(2);
            }
            others.put(name, socket);
        }
        socket.namespace().add(socket);
    }

    private void refuse(Socket socket, Throwable failure) {
        String name = socket.namespace().name();
        doneConnecting(name);
        ObjectNode error = JsonNodeFactory.instance.objectNode();
        if (failure instanceof ConnectRefusedException refused) {
            error.put("message", refused.getMessage());
            if (refused.data() != null) {
                error.set("data", refused.data());
            }
        } else {
            error.put("message", "Connection refused");
        }
        sendRaw(new SocketIoPacket(SocketIoPacketType.CONNECT_ERROR, name, -1, error));
    }

    private void sendRaw(SocketIoPacket packet) {
        session.send(SocketIoCodec.encode(packet).frames());
    }

    void remove(Socket socket) {
        if (this.socket == socket) {
            this.socket = null;
        } else if (others != null) {
            others.remove(socket.namespace().name(), socket);
        }
    }

    void onClose(String reason) {
        if (connectTimer >= 0) {
            server.vertx().cancelTimer(connectTimer);
            connectTimer = -1;
        }
        List<Socket> all = new ArrayList<>(2);
        if (socket != null) {
            all.add(socket);
            socket = null;
        }
        if (others != null) {
            all.addAll(others.values());
            others = null;
        }
        for (Socket each : all) {
            each.onClose(reason);
        }
    }
}
