package io.parley.edge.socketio;

/** Socket.IO v5 packet types, numbered as on the wire. */
public enum SocketIoPacketType {
    CONNECT, DISCONNECT, EVENT, ACK, CONNECT_ERROR, BINARY_EVENT, BINARY_ACK;

    public char code() {
        return (char) ('0' + ordinal());
    }

    public boolean isBinary() {
        return this == BINARY_EVENT || this == BINARY_ACK;
    }

    public static SocketIoPacketType fromCode(char c) {
        int i = c - '0';
        SocketIoPacketType[] all = values();
        return i >= 0 && i < all.length ? all[i] : null;
    }
}
