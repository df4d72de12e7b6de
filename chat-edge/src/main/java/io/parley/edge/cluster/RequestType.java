package io.parley.edge.cluster;

/** Cluster request types, numbered as in the Node.js Redis adapter 8.x. */
public enum RequestType {
    SOCKETS, ALL_ROOMS, REMOTE_JOIN, REMOTE_LEAVE, REMOTE_DISCONNECT, REMOTE_FETCH, SERVER_SIDE_EMIT, BROADCAST,
    BROADCAST_CLIENT_COUNT, BROADCAST_ACK;

    public static RequestType of(int code) {
        RequestType[] all = values();
        return code >= 0 && code < all.length ? all[code] : null;
    }
}
