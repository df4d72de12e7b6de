package io.parley.edge.socketio;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Pure Socket.IO v5 codec: {@code <type>[<attachments>-][<nsp>,][<ack id>][<JSON data>]}. Binary
 * values travel as attachments and are referenced in the JSON by {@code {"_placeholder":true,"num":n}}.
 */
public final class SocketIoCodec {

    static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int MAX_ACK_ID_DIGITS = 15;

    private SocketIoCodec() {
    }

    // ---- decoding ----

    /** Decodes the text part of a packet; binary placeholders stay until {@link #reconstruct}. */
    public static SocketIoPacket decode(String text, int maxAttachments) {
        if (text == null || text.isEmpty()) {
            throw new SocketIoProtocolException("empty packet");
        }
        SocketIoPacketType type = SocketIoPacketType.fromCode(text.charAt(0));
        if (type == null) {
            throw new SocketIoProtocolException("unknown packet type");
        }
        int i = 1;
        int attachments = 0;
        if (type.isBinary()) {
            int dash = text.indexOf('-', i);
            if (dash < 0 || dash == i || dash - i > 4 || !allDigits(text, i, dash)) {
                throw new SocketIoProtocolException("illegal attachments");
            }
            attachments = Integer.parseInt(text, i, dash, 10);
            if (attachments > maxAttachments) {
                throw new SocketIoProtocolException("too many attachments");
            }
            i = dash + 1;
        }
        String nsp = SocketIoPacket.MAIN_NAMESPACE;
        if (i < text.length() && text.charAt(i) == '/') {
            int comma = text.indexOf(',', i);
            int end = comma < 0 ? text.length() : comma;
            nsp = text.substring(i, end);
            i = comma < 0 ? end : comma + 1;
        }
        long ackId = -1;
        int idStart = i;
        while (i < text.length() && Character.isDigit(text.charAt(i)) && text.charAt(i) < 128) {
            i++;
        }
        if (i > idStart) {
            if (i - idStart > MAX_ACK_ID_DIGITS) {
                throw new SocketIoProtocolException("invalid ack id");
            }
            ackId = Long.parseLong(text, idStart, i, 10);
        }
        JsonNode data = null;
        if (i < text.length()) {
            try {
                data = JSON.readTree(text.substring(i));
            } catch (JsonProcessingException e) {
                throw new SocketIoProtocolException("invalid payload");
            }
        }
        if (!isPayloadValid(type, data, ackId)) {
            throw new SocketIoProtocolException("invalid payload");
        }
        return new SocketIoPacket(type, nsp, ackId, data, attachments);
    }

    private static boolean isPayloadValid(SocketIoPacketType type, JsonNode data, long ackId) {
        return switch (type) {
            case CONNECT -> data == null || data.isObject();
            case DISCONNECT -> data == null;
            case CONNECT_ERROR -> data != null && (data.isTextual() || data.isObject());
            case EVENT, BINARY_EVENT -> data != null && data.isArray() && !data.isEmpty()
                    && (data.get(0).isTextual() || data.get(0).isNumber());
            case ACK, BINARY_ACK -> ackId >= 0 && data != null && data.isArray();
        };
    }

    private static boolean allDigits(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** Puts the attachments in place of their placeholders. */
    public static SocketIoPacket reconstruct(SocketIoPacket packet, List<byte[]> attachments) {
        JsonNode data = replacePlaceholders(packet.data(), attachments);
        return new SocketIoPacket(packet.type(), packet.nsp(), packet.ackId(), data, 0);
    }

    private static JsonNode replacePlaceholders(JsonNode node, List<byte[]> attachments) {
        if (node == null) {
            return null;
        }
        if (node.isObject()) {
            if (node.path("_placeholder").asBoolean(false) && node.get("num") != null && node.get("num").isInt()) {
                int num = node.get("num").intValue();
                if (num < 0 || num >= attachments.size()) {
                    throw new SocketIoProtocolException("illegal attachment index");
                }
                return BinaryNode.valueOf(attachments.get(num));
            }
            ObjectNode copy = NODES.objectNode();
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                copy.set(field.getKey(), replacePlaceholders(field.getValue(), attachments));
            }
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = NODES.arrayNode(node.size());
            for (JsonNode element : node) {
                copy.add(replacePlaceholders(element, attachments));
            }
            return copy;
        }
        return node;
    }

    // ---- encoding ----

    /** Encodes a packet; binary values anywhere in {@code data} become attachments. */
    public static EncodedPacket encode(SocketIoPacket packet) {
        List<byte[]> attachments = new ArrayList<>(0);
        JsonNode data = packet.data();
        if (data != null && containsBinary(data)) {
            data = extractBinary(data, attachments);
        }
        SocketIoPacketType type = packet.type();
        if (!attachments.isEmpty()) {
            if (type == SocketIoPacketType.EVENT) {
                type = SocketIoPacketType.BINARY_EVENT;
            } else if (type == SocketIoPacketType.ACK) {
                type = SocketIoPacketType.BINARY_ACK;
            }
        } else if (type == SocketIoPacketType.BINARY_EVENT) {
            type = SocketIoPacketType.EVENT;
        } else if (type == SocketIoPacketType.BINARY_ACK) {
            type = SocketIoPacketType.ACK;
        }
        StringBuilder out = new StringBuilder(256);
        out.append(type.code());
        if (type.isBinary()) {
            out.append(attachments.size()).append('-');
        }
        if (!SocketIoPacket.MAIN_NAMESPACE.equals(packet.nsp())) {
            out.append(packet.nsp()).append(',');
        }
        if (packet.ackId() >= 0) {
            out.append(packet.ackId());
        }
        if (data != null) {
            JsonTreeWriter.append(out, data, JSON);
        }
        return new EncodedPacket(out.toString(), attachments);
    }

    static boolean containsBinary(JsonNode node) {
        if (node.isBinary()) {
            return true;
        }
        if (node.isContainerNode()) {
            for (JsonNode child : node) {
                if (containsBinary(child)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static JsonNode extractBinary(JsonNode node, List<byte[]> attachments) {
        if (node.isBinary()) {
            ObjectNode placeholder = NODES.objectNode();
            placeholder.put("_placeholder", true);
            placeholder.put("num", attachments.size());
            try {
                attachments.add(node.binaryValue());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return placeholder;
        }
        if (node.isObject()) {
            ObjectNode copy = NODES.objectNode();
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                copy.set(field.getKey(), extractBinary(field.getValue(), attachments));
            }
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = NODES.arrayNode(node.size());
            for (JsonNode element : node) {
                copy.add(extractBinary(element, attachments));
            }
            return copy;
        }
        return node;
    }
}
