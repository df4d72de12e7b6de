package io.parley.edge.socketio;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.smallrye.mutiny.Uni;

/**
 * An immutable description of who receives an emit: rooms ({@link #to}), exclusions
 * ({@link #except}), whether it may be dropped for a busy client ({@link #asVolatile}) and whether
 * it stays on this node ({@link #local}).
 */
public final class BroadcastOperator {

    private final Namespace namespace;
    private final BroadcastOptions options;

    BroadcastOperator(Namespace namespace, BroadcastOptions options) {
        this.namespace = namespace;
        this.options = options;
    }

    public BroadcastOperator to(String... more) {
        return with(plus(options.rooms(), more), options.except(), options.volatileEmit(), options.local());
    }

    public BroadcastOperator except(String... more) {
        return with(options.rooms(), plus(options.except(), more), options.volatileEmit(), options.local());
    }

    public BroadcastOperator asVolatile() {
        return with(options.rooms(), options.except(), true, options.local());
    }

    public BroadcastOperator local() {
        return with(options.rooms(), options.except(), options.volatileEmit(), true);
    }

    public BroadcastOptions options() {
        return options;
    }

    private BroadcastOperator with(Set<String> rooms, Set<String> except, boolean volatileEmit, boolean local) {
        return new BroadcastOperator(namespace, new BroadcastOptions(rooms, except, volatileEmit, local));
    }

    /**
     * Encodes the event once and sends it to every recipient, on every node unless {@link #local}.
     *
     * @return the number of local sockets it was written to
     */
    public int emit(String event, JsonNode... args) {
        ArrayNode data = JsonNodeFactory.instance.arrayNode(args.length + 1);
        data.add(event);
        for (JsonNode arg : args) {
            data.add(arg);
        }
        return namespace.adapter().broadcast(
                new SocketIoPacket(SocketIoPacketType.EVENT, namespace.name(), -1, data), options);
    }

    /** The matching sockets on every node. */
    public Uni<ClusterResult<List<SocketInfo>>> fetchSockets() {
        return namespace.adapter().fetchSockets(options);
    }

    /** Makes the matching sockets on every node join rooms. */
    public void socketsJoin(String... rooms) {
        namespace.adapter().addSockets(options, Set.of(rooms));
    }

    /** Makes the matching sockets on every node leave rooms. */
    public void socketsLeave(String... rooms) {
        namespace.adapter().delSockets(options, Set.of(rooms));
    }

    /** Disconnects the matching sockets on every node. */
    public void disconnectSockets(boolean close) {
        namespace.adapter().disconnectSockets(options, close);
    }

    /** Emits and gathers one acknowledgement per matching socket, from every node. */
    public Uni<ClusterResult<List<JsonNode>>> emitWithAck(Duration timeout, String event, JsonNode... args) {
        ArrayNode data = JsonNodeFactory.instance.arrayNode(args.length + 1);
        data.add(event);
        for (JsonNode arg : args) {
            data.add(arg);
        }
        return namespace.adapter().broadcastWithAck(
                new SocketIoPacket(SocketIoPacketType.EVENT, namespace.name(), -1, data), options, timeout);
    }

    private static Set<String> plus(Set<String> base, String... more) {
        Set<String> copy = new HashSet<>(base);
        for (String room : more) {
            copy.add(room);
        }
        return Set.copyOf(copy);
    }
}
