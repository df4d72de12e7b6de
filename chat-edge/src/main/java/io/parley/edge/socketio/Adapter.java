package io.parley.edge.socketio;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;

import io.smallrye.mutiny.Uni;

/**
 * A namespace's room registry and broadcaster. The in-memory {@link LocalAdapter} serves one node;
 * the cluster adapter extends it to reach the other nodes through Redis.
 */
public interface Adapter {

    /** Adds the socket to rooms; completes once the node will receive the rooms' cluster broadcasts. */
    Uni<Void> addAll(Socket socket, Collection<String> rooms);

    void del(Socket socket, String room);

    void delAll(Socket socket);

    /**
     * Sends the packet to its recipients on every node.
     *
     * @return the number of local sockets it was written to
     */
    int broadcast(SocketIoPacket packet, BroadcastOptions options);

    /** Ids of the local sockets in any of {@code rooms} (all when empty). */
    Set<String> socketIds(Set<String> rooms);

    /** Number of local sockets in a room. */
    int roomSize(String room);

    /** Rooms with at least one local socket. */
    Set<String> rooms();

    // ---- operations on the matching sockets of every node ----

    /** The matching sockets, cluster-wide. */
    Uni<ClusterResult<List<SocketInfo>>> fetchSockets(BroadcastOptions options);

    /** Makes the matching sockets join rooms, cluster-wide. */
    void addSockets(BroadcastOptions options, Set<String> rooms);

    /** Makes the matching sockets leave rooms, cluster-wide. */
    void delSockets(BroadcastOptions options, Set<String> rooms);

    /** Disconnects the matching sockets, cluster-wide ({@code close}: also their Engine.IO session). */
    void disconnectSockets(BroadcastOptions options, boolean close);

    /** Emits to the matching sockets and gathers their acknowledgements from every node. */
    Uni<ClusterResult<List<JsonNode>>> broadcastWithAck(SocketIoPacket packet, BroadcastOptions options,
            Duration timeout);

    /** Emits an event to the other nodes' {@link Namespace#onServerSideEmit} listeners. */
    void serverSideEmit(ArrayNode data);

    /** Number of nodes serving this namespace. */
    Uni<Integer> serverCount();
}
