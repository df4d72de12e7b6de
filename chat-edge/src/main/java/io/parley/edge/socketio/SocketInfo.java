package io.parley.edge.socketio;

import java.util.Set;

/**
 * What a cluster-wide socket query returns for one socket: its id, user, rooms, node and the
 * parts of its handshake that are safe to share (no auth payload, no credentials).
 */
public record SocketInfo(String id, String userId, Set<String> rooms, String nodeId, String address, long issued) {
}
