package io.parley.edge.socketio;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One Socket.IO packet. {@code ackId} is -1 when absent; {@code data} is null when absent. Binary
 * values in {@code data} are {@link com.fasterxml.jackson.databind.node.BinaryNode}s once the
 * attachments are in place; {@code attachments} counts those still to come.
 */
public record SocketIoPacket(SocketIoPacketType type, String nsp, long ackId, JsonNode data, int attachments) {

    public static final String MAIN_NAMESPACE = "/";

    public SocketIoPacket(SocketIoPacketType type, String nsp, long ackId, JsonNode data) {
        this(type, nsp, ackId, data, 0);
    }

    public boolean hasAck() {
        return ackId >= 0;
    }
}
