package io.parley.edge.socketio;

import java.util.Collection;
import java.util.Set;

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
}
