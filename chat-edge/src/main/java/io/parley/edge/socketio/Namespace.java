package io.parley.edge.socketio;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

/**
 * A Socket.IO namespace: its sockets, its adapter (rooms), the guards a CONNECT must pass, and the
 * event handlers shared by all its sockets.
 */
public final class Namespace {

    private static final Logger LOG = Logger.getLogger(Namespace.class);

    private final String name;
    private final Vertx vertx;
    private final Adapter adapter;
    private final Map<String, Socket> sockets = new ConcurrentHashMap<>();
    private final Map<String, EventHandler> handlers = new ConcurrentHashMap<>();
    private final List<ConnectGuard> guards = new CopyOnWriteArrayList<>();
    private final List<Consumer<Socket>> connectionListeners = new CopyOnWriteArrayList<>();
    private final List<BiConsumer<Socket, String>> disconnectListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<ArrayNode>> serverSideListeners = new CopyOnWriteArrayList<>();
    private final String nodeId;
    private volatile EventHandler unknownEventHandler = (socket, args, ack) -> {
    };

    Namespace(String name, Vertx vertx, String nodeId, Function<Namespace, Adapter> adapterFactory) {
        this.name = name;
        this.vertx = vertx;
        this.nodeId = nodeId;
        this.adapter = adapterFactory.apply(this);
    }

    public String name() {
        return name;
    }

    public Vertx vertx() {
        return vertx;
    }

    public Adapter adapter() {
        return adapter;
    }

    public Collection<Socket> sockets() {
        return sockets.values();
    }

    public Socket socket(String id) {
        return sockets.get(id);
    }

    /** Registers a guard every CONNECT must pass (e.g. authentication). */
    public Namespace use(ConnectGuard guard) {
        guards.add(guard);
        return this;
    }

    public Namespace on(String event, EventHandler handler) {
        handlers.put(event, handler);
        return this;
    }

    /** Handles events no handler is registered for. */
    public Namespace onUnknownEvent(EventHandler handler) {
        this.unknownEventHandler = handler;
        return this;
    }

    /** Listens to {@link #serverSideEmit} calls of other nodes; receives {@code [event, ...args]}. */
    public Namespace onServerSideEmit(Consumer<ArrayNode> listener) {
        serverSideListeners.add(listener);
        return this;
    }

    /** Sends {@code [event, ...args]} to the other nodes' server-side listeners. */
    public void serverSideEmit(String event, JsonNode... args) {
        ArrayNode data = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode(args.length + 1);
        data.add(event);
        for (JsonNode arg : args) {
            data.add(arg);
        }
        adapter.serverSideEmit(data);
    }

    /** Called by the adapter for a server-side emit of another node. */
    public void fireServerSideEmit(ArrayNode data) {
        for (Consumer<ArrayNode> listener : serverSideListeners) {
            try {
                listener.accept(data);
            } catch (RuntimeException e) {
                LOG.errorf(e, "server-side emit listener failed on namespace %s", name);
            }
        }
    }

    /** Number of nodes serving this namespace (1 without a cluster). */
    public Uni<Integer> serverCount() {
        return adapter.serverCount();
    }

    public String nodeId() {
        return nodeId;
    }

    public Namespace onConnection(Consumer<Socket> listener) {
        connectionListeners.add(listener);
        return this;
    }

    public Namespace onDisconnect(BiConsumer<Socket, String> listener) {
        disconnectListeners.add(listener);
        return this;
    }

    public BroadcastOperator to(String... rooms) {
        return all().to(rooms);
    }

    /** An operator addressing every socket of the namespace, on every node. */
    public BroadcastOperator all() {
        return new BroadcastOperator(this, new BroadcastOptions(Set.of(), Set.of(), false, false));
    }

    /** Emits to every socket of the namespace. */
    public int emit(String event, JsonNode... args) {
        return all().emit(event, args);
    }

    Uni<Void> checkGuards(Socket socket) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (ConnectGuard guard : guards) {
            chain = chain.chain(() -> guard.check(socket));
        }
        return chain;
    }

    void add(Socket socket) {
        sockets.put(socket.id(), socket);
        socket.onConnect();
        for (Consumer<Socket> listener : connectionListeners) {
            try {
                listener.accept(socket);
            } catch (RuntimeException e) {
                LOG.errorf(e, "connection listener failed on namespace %s", name);
            }
        }
        socket.forgetAuth();
    }

    void remove(Socket socket) {
        sockets.remove(socket.id(), socket);
    }

    void dispatch(Socket socket, String event, ArrayNode args, Ack ack) {
        EventHandler handler = handlers.getOrDefault(event, unknownEventHandler);
        try {
            handler.handle(socket, args, ack);
        } catch (RuntimeException e) {
            LOG.errorf(e, "handler of '%s' failed on namespace %s", event, name);
            ErrorAcks.internal(ack);
        }
    }

    void fireDisconnect(Socket socket, String reason) {
        for (BiConsumer<Socket, String> listener : disconnectListeners) {
            try {
                listener.accept(socket, reason);
            } catch (RuntimeException e) {
                LOG.errorf(e, "disconnect listener failed on namespace %s", name);
            }
        }
    }
}
