package io.parley.edge.socketio;

import java.util.Collection;
import java.util.Set;

/**
 * A namespace's room registry and broadcaster. The in-memory {@link LocalAdapter} serves one node;
 * a cluster adapter extends it to forward broadcasts to other nodes.
 */
public interface Adapter {

    void addAll(Socket socket, Collection<String> rooms);

    void del(Socket socket, String room);

    void delAll(Socket socket);

    /** Sends the packet to the sockets in {@code rooms} (all sockets when empty), minus those in {@code except}. */
    int broadcast(EncodedPacket packet, Set<String> rooms, Set<String> except, boolean volatileEmit);

    /** Ids of the sockets in any of {@code rooms} (all when empty). */
    Set<String> socketIds(Set<String> rooms);

    /** Number of sockets in a room on this node. */
    int roomSize(String room);
}
