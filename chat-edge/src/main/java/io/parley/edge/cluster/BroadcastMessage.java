package io.parley.edge.cluster;

import java.util.LinkedHashSet;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.parley.edge.socketio.BroadcastOptions;
import io.parley.edge.socketio.SocketIoPacket;
import io.parley.edge.socketio.SocketIoPacketType;

/**
 * A cluster broadcast in the Node.js Redis adapter's encoding: the MessagePack array
 * {@code [uid, {type, data, nsp}, {rooms, except, flags}]}. Parley adds the flag {@code sequenced}
 * for chat messages whose order comes from Redis (the sending node delivers them from the stream
 * too). Pure: encode and decode only.
 */
public record BroadcastMessage(String uid, SocketIoPacket packet, BroadcastOptions options, boolean sequenced) {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    static final int EVENT = 2;
    static final int BINARY_EVENT = 5;

    public byte[] encode() {
        ArrayNode message = NODES.arrayNode(3);
        message.add(uid);
        message.add(packetNode(packet));
        message.add(optionsNode(options, sequenced));
        return MsgPack.encode(message);
    }

    static ObjectNode packetNode(SocketIoPacket packet) {
        ObjectNode node = NODES.objectNode();
        node.put("type", EVENT);
        node.set("data", packet.data());
        node.put("nsp", packet.nsp());
        return node;
    }

    static ObjectNode optionsNode(BroadcastOptions options, boolean sequenced) {
        ObjectNode node = NODES.objectNode();
        ArrayNode rooms = node.putArray("rooms");
        options.rooms().forEach(rooms::add);
        ArrayNode except = node.putArray("except");
        options.except().forEach(except::add);
        ObjectNode flags = node.putObject("flags");
        if (options.volatileEmit()) {
            flags.put("volatile", true);
        }
        if (sequenced) {
            flags.put("sequenced", true);
        }
        return node;
    }

    /**
     * Decodes a broadcast from any publisher (Parley node, Node.js adapter or emitter).
     *
     * @throws IllegalArgumentException when the message is not a valid broadcast
     */
    public static BroadcastMessage decode(byte[] payload) {
        JsonNode message = MsgPack.decode(payload);
        if (!message.isArray() || message.size() < 3) {
            throw new IllegalArgumentException("not a broadcast message");
        }
        String uid = message.get(0).asText();
        JsonNode packet = message.get(1);
        JsonNode opts = message.get(2);
        if (!packet.isObject() || !opts.isObject()) {
            throw new IllegalArgumentException("not a broadcast message");
        }
        int type = packet.path("type").asInt(-1);
        JsonNode data = packet.get("data");
        if ((type != EVENT && type != BINARY_EVENT) || data == null || !data.isArray() || data.isEmpty()
                || !data.get(0).isTextual()) {
            throw new IllegalArgumentException("unsupported broadcast packet");
        }
        String nsp = packet.path("nsp").isTextual() ? packet.get("nsp").textValue() : SocketIoPacket.MAIN_NAMESPACE;
        JsonNode flags = opts.path("flags");
        BroadcastOptions options = new BroadcastOptions(strings(opts.get("rooms")), strings(opts.get("except")),
                flags.path("volatile").asBoolean(false), true);
        return new BroadcastMessage(uid, new SocketIoPacket(SocketIoPacketType.EVENT, nsp, -1, data), options,
                flags.path("sequenced").asBoolean(false));
    }

    private static Set<String> strings(JsonNode array) {
        Set<String> out = new LinkedHashSet<>();
        if (array != null && array.isArray()) {
            for (JsonNode element : array) {
                out.add(element.asText());
            }
        }
        return Set.copyOf(out);
    }
}
