package io.parley.edge.socketio;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.parley.edge.engineio.DisconnectReason;
import io.parley.edge.engineio.HandshakeInfo;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Handler;

/**
 * A client's connection to one namespace. From its connect it is in the room named by its own id. Event
 * handlers run on the session's event loop; emits may be made from any thread.
 */
public final class Socket {

    private final String id;
    private final Namespace namespace;
    private final SocketIoClient client;
    private static final AtomicLongFieldUpdater<Socket> NEXT_ACK_ID =
            AtomicLongFieldUpdater.newUpdater(Socket.class, "nextAckId");

    private volatile ObjectNode auth;
    /** The rooms joined besides the socket's own (its id), which {@link #inOwnRoom} stands for. */
    private final SocketRooms rooms = new SocketRooms();
    /** Whether the socket is in the room named by its id (from its CONNECT until it leaves). Guarded by this. */
    private boolean inOwnRoom;
    private volatile long nextAckId;
    /** Created by the first emit that waits for an ack: most sockets never have one. */
    private volatile Map<Long, PendingAck> pendingAcks;
    private volatile boolean connected;
    private volatile Object attachment;

    private record PendingAck(UniEmitter<? super ArrayNode> emitter, long timer) {
    }

    Socket(String id, Namespace namespace, SocketIoClient client, ObjectNode auth) {
        this.id = id;
        this.namespace = namespace;
        this.client = client;
        this.auth = auth;
    }

    public String id() {
        return id;
    }

    public Namespace namespace() {
        return namespace;
    }

    SocketIoClient client() {
        return client;
    }

    /**
     * A Vert.x timer on this socket's home event loop, for timers that live as long as the socket
     * (a token's expiry): unlike {@code vertx.setTimer} it does not keep the context of the packet
     * being handled alive. Cancel it with {@code vertx.cancelTimer}.
     */
    public long setTimer(long delayMillis, Handler<Long> handler) {
        return client.session().setTimer(delayMillis, handler);
    }

    /**
     * The CONNECT packet's auth payload ({@code {}} when none was sent), for the namespace's connect
     * guards and connection listeners. It is not kept once the listeners have run (from then on this
     * is {@code {}}): what a connection needs later is in its attachment (the identity).
     */
    public ObjectNode auth() {
        ObjectNode payload = auth;
        return payload != null ? payload : JsonNodeFactory.instance.objectNode();
    }

    /** The connect is over: the auth payload is let go. */
    void forgetAuth() {
        auth = null;
    }

    public HandshakeInfo handshake() {
        return client.session().handshake();
    }

    /** Engine.IO session id (shared by this client's sockets on every namespace). */
    public String sessionId() {
        return client.session().id();
    }

    public boolean connected() {
        return connected;
    }

    /** Application state of this socket (e.g. the authenticated user). */
    @SuppressWarnings("unchecked")
    public <T> T attachment() {
        return (T) attachment;
    }

    public void attach(Object value) {
        this.attachment = value;
    }

    // ---- rooms ----

    /** Joins rooms; completes once broadcasts to them from any node will reach this socket. */
    public Uni<Void> join(String... names) {
        return namespace.adapter().addAll(this, List.of(names));
    }

    public void leave(String room) {
        namespace.adapter().del(this, room);
    }

    public synchronized Set<String> rooms() {
        return rooms.copy(inOwnRoom ? id : null);
    }

    public synchronized boolean inRoom(String room) {
        return room.equals(id) ? inOwnRoom : rooms.contains(room);
    }

    public synchronized int roomCount() {
        return rooms.size() + (inOwnRoom ? 1 : 0);
    }

    /** Whether the socket is in the room named by its id; the adapter keeps no member set for that room. */
    synchronized boolean inOwnRoom() {
        return inOwnRoom;
    }

    synchronized boolean addRoom(String room) {
        if (room.equals(id)) {
            boolean added = !inOwnRoom;
            inOwnRoom = true;
            return added;
        }
        return rooms.add(room);
    }

    synchronized boolean removeRoom(String room) {
        if (room.equals(id)) {
            boolean removed = inOwnRoom;
            inOwnRoom = false;
            return removed;
        }
        return rooms.remove(room);
    }

    /** Broadcast to rooms, excluding this socket. */
    public BroadcastOperator to(String... targetRooms) {
        return namespace.to(targetRooms).except(id);
    }

    // ---- emitting ----

    public void emit(String event, JsonNode... args) {
        send(new SocketIoPacket(SocketIoPacketType.EVENT, namespace.name(), -1, eventData(event, args)));
    }

    /** Emits and waits for the client's acknowledgement, failing with a TimeoutException after {@code timeout}. */
    public Uni<ArrayNode> emitWithAck(Duration timeout, String event, JsonNode... args) {
        return Uni.createFrom().emitter(emitter -> {
            long ackId = NEXT_ACK_ID.getAndIncrement(this);
            Map<Long, PendingAck> pendingAcks = pendingAcks();
            long timer = namespace.vertx().setTimer(Math.max(1, timeout.toMillis()), t -> {
                PendingAck pending = pendingAcks.remove(ackId);
                if (pending != null) {
                    pending.emitter().fail(new TimeoutException("no ack for '" + event + "' within " + timeout));
                }
            });
            pendingAcks.put(ackId, new PendingAck(emitter, timer));
            send(new SocketIoPacket(SocketIoPacketType.EVENT, namespace.name(), ackId, eventData(event, args)));
        });
    }

    private static ArrayNode eventData(String event, JsonNode... args) {
        ArrayNode data = JsonNodeFactory.instance.arrayNode(args.length + 1);
        data.add(event);
        for (JsonNode arg : args) {
            data.add(arg);
        }
        return data;
    }

    void send(SocketIoPacket packet) {
        if (connected) {
            client.session().send(SocketIoCodec.encode(packet).frames());
        }
    }

    /** Disconnects this socket from its namespace (the Engine.IO session stays for other namespaces). */
    public void disconnect() {
        disconnect(false);
    }

    /**
     * Disconnects this socket from its namespace.
     *
     * @param close also close the whole Engine.IO session (all namespaces)
     */
    public void disconnect(boolean close) {
        client.session().onHome(() -> {
            if (connected) {
                send(new SocketIoPacket(SocketIoPacketType.DISCONNECT, namespace.name(), -1, null));
                client.remove(this);
                onClose(DisconnectReason.SERVER_NAMESPACE_DISCONNECT);
            }
            if (close) {
                client.session().close(DisconnectReason.FORCED_CLOSE);
            }
        });
    }

    /** The user this socket belongs to, when the application attached an identity. */
    public String userId() {
        return attachment instanceof UserBound bound ? bound.userId() : null;
    }

    /** Implemented by application state that knows its user (see {@link #attach}). */
    public interface UserBound {
        String userId();
    }

    SocketInfo info(String nodeId) {
        return new SocketInfo(id, userId(), rooms(), nodeId, handshake().remoteAddress(), handshake().issuedAtMillis());
    }

    // ---- inbound (home loop) ----

    void onConnect() {
        connected = true;
        // the own-id room is subscribed in the background: it only serves emits to this one socket
        namespace.adapter().addAll(this, List.of(id)).subscribe().with(v -> {
        }, e -> {
        });
        ObjectNode data = JsonNodeFactory.instance.objectNode().put("sid", id);
        send(new SocketIoPacket(SocketIoPacketType.CONNECT, namespace.name(), -1, data));
    }

    void onPacket(SocketIoPacket packet) {
        switch (packet.type()) {
            case EVENT, BINARY_EVENT -> onEvent(packet);
            case ACK, BINARY_ACK -> onAck(packet);
            case DISCONNECT -> {
                client.remove(this);
                onClose(DisconnectReason.CLIENT_NAMESPACE_DISCONNECT);
            }
            default -> {
                // CONNECT for a connected namespace and CONNECT_ERROR from a client are ignored
            }
        }
    }

    private void onEvent(SocketIoPacket packet) {
        ArrayNode data = (ArrayNode) packet.data();
        String event = data.get(0).asText();
        ArrayNode args = JsonNodeFactory.instance.arrayNode(data.size() - 1);
        for (int i = 1; i < data.size(); i++) {
            args.add(data.get(i));
        }
        Ack ack = packet.hasAck() ? new ClientAck(packet.ackId()) : Ack.NONE;
        namespace.dispatch(this, event, args, ack);
    }

    private Map<Long, PendingAck> pendingAcks() {
        Map<Long, PendingAck> acks = pendingAcks;
        if (acks == null) {
            synchronized (this) {
                acks = pendingAcks;
                if (acks == null) {
                    acks = new ConcurrentHashMap<>(4);
                    pendingAcks = acks;
                }
            }
        }
        return acks;
    }

    private void onAck(SocketIoPacket packet) {
        Map<Long, PendingAck> acks = pendingAcks;
        PendingAck pending = acks == null ? null : acks.remove(packet.ackId());
        if (pending != null) {
            namespace.vertx().cancelTimer(pending.timer());
            pending.emitter().complete((ArrayNode) packet.data());
        }
    }

    void onClose(String reason) {
        if (!connected) {
            return;
        }
        connected = false;
        namespace.adapter().delAll(this);
        namespace.remove(this);
        Map<Long, PendingAck> acks = pendingAcks;
        for (Long ackId : acks == null ? Set.<Long>of() : acks.keySet()) {
            PendingAck pending = acks.remove(ackId);
            if (pending != null) {
                namespace.vertx().cancelTimer(pending.timer());
                pending.emitter().fail(new IllegalStateException("socket disconnected: " + reason));
            }
        }
        namespace.fireDisconnect(this, reason);
    }

    private final class ClientAck implements Ack {
        private final long ackId;
        private boolean sent;

        ClientAck(long ackId) {
            this.ackId = ackId;
        }

        @Override
        public synchronized void send(JsonNode... args) {
            if (sent) {
                return;
            }
            sent = true;
            ArrayNode data = JsonNodeFactory.instance.arrayNode(args.length);
            for (JsonNode arg : args) {
                data.add(arg);
            }
            Socket.this.send(new SocketIoPacket(SocketIoPacketType.ACK, namespace.name(), ackId, data));
        }

        @Override
        public boolean requested() {
            return true;
        }
    }
}
