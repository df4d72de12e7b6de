package io.parley.edge.socketio;

import java.util.HashSet;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * An immutable description of who receives an emit: rooms ({@link #to}), exclusions
 * ({@link #except}) and whether it may be dropped for a busy client ({@link #asVolatile}).
 */
public final class BroadcastOperator {

    private final Namespace namespace;
    private final Set<String> rooms;
    private final Set<String> except;
    private final boolean volatileEmit;

    BroadcastOperator(Namespace namespace, Set<String> rooms, Set<String> except, boolean volatileEmit) {
        this.namespace = namespace;
        this.rooms = rooms;
        this.except = except;
        this.volatileEmit = volatileEmit;
    }

    public BroadcastOperator to(String... more) {
        return new BroadcastOperator(namespace, plus(rooms, more), except, volatileEmit);
    }

    public BroadcastOperator except(String... more) {
        return new BroadcastOperator(namespace, rooms, plus(except, more), volatileEmit);
    }

    public BroadcastOperator asVolatile() {
        return new BroadcastOperator(namespace, rooms, except, true);
    }

    /**
     * Encodes the event once and writes it to every recipient.
     *
     * @return the number of local sockets it was written to
     */
    public int emit(String event, JsonNode... args) {
        ArrayNode data = JsonNodeFactory.instance.arrayNode(args.length + 1);
        data.add(event);
        for (JsonNode arg : args) {
            data.add(arg);
        }
        EncodedPacket packet = SocketIoCodec.encode(
                new SocketIoPacket(SocketIoPacketType.EVENT, namespace.name(), -1, data));
        return namespace.adapter().broadcast(packet, rooms, except, volatileEmit);
    }

    /** Ids of the local sockets this operator targets. */
    public Set<String> socketIds() {
        Set<String> ids = namespace.adapter().socketIds(rooms);
        ids.removeAll(namespace.adapter().socketIds(except.isEmpty() ? Set.of("\u0000none") : except));
        return ids;
    }

    private static Set<String> plus(Set<String> base, String... more) {
        Set<String> copy = new HashSet<>(base);
        for (String room : more) {
            copy.add(room);
        }
        return Set.copyOf(copy);
    }
}
