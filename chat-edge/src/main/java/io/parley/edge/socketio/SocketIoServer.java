package io.parley.edge.socketio;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

import io.parley.edge.engineio.EngineIoListener;
import io.parley.edge.engineio.EngineIoPacket;
import io.parley.edge.engineio.EngineIoServer;
import io.parley.edge.engineio.EngineIoSession;
import io.vertx.core.Vertx;

/** Socket.IO on top of Engine.IO: the namespaces and, per session, a {@link SocketIoClient}. */
public final class SocketIoServer implements EngineIoListener {

    private final Vertx vertx;
    private final long connectTimeoutMillis;
    private final int maxAttachments;
    private final Function<Namespace, Adapter> adapterFactory;
    private final Map<String, Namespace> namespaces = new ConcurrentHashMap<>();
    private final LongAdder protocolErrors = new LongAdder();

    private final String nodeId;

    public SocketIoServer(Vertx vertx, String nodeId, long connectTimeoutMillis, int maxAttachments,
            Function<Namespace, Adapter> adapterFactory) {
        this.vertx = vertx;
        this.nodeId = nodeId;
        this.connectTimeoutMillis = connectTimeoutMillis;
        this.maxAttachments = maxAttachments;
        this.adapterFactory = adapterFactory;
    }

    /** The namespace with this name, created on first use. */
    public Namespace of(String name) {
        return namespaces.computeIfAbsent(name, n -> new Namespace(n, vertx, nodeId, adapterFactory));
    }

    Namespace namespace(String name) {
        return namespaces.get(name);
    }

    Vertx vertx() {
        return vertx;
    }

    long connectTimeoutMillis() {
        return connectTimeoutMillis;
    }

    int maxAttachments() {
        return maxAttachments;
    }

    String newSocketId() {
        return EngineIoServer.randomId();
    }

    void recordProtocolError() {
        protocolErrors.increment();
    }

    public long protocolErrors() {
        return protocolErrors.sum();
    }

    @Override
    public void onOpen(EngineIoSession session) {
        SocketIoClient client = new SocketIoClient(this, session);
        session.attach(client);
        client.onOpen();
    }

    @Override
    public void onMessage(EngineIoSession session, EngineIoPacket packet) {
        SocketIoClient client = session.attachment();
        client.onMessage(packet);
    }

    @Override
    public void onClose(EngineIoSession session, String reason) {
        SocketIoClient client = session.attachment();
        if (client != null) {
            client.onClose(reason);
        }
    }
}
