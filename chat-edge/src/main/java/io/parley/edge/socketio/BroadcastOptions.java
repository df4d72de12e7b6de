package io.parley.edge.socketio;

import java.util.Set;

/**
 * Who receives a broadcast: the sockets in {@code rooms} (every socket of the namespace when empty)
 * minus those in {@code except}; {@code volatileEmit} drops it for clients that cannot take it now;
 * {@code local} keeps it on this node.
 */
public record BroadcastOptions(Set<String> rooms, Set<String> except, boolean volatileEmit, boolean local) {

    public static BroadcastOptions toRoom(String room) {
        return new BroadcastOptions(Set.of(room), Set.of(), false, false);
    }
}
