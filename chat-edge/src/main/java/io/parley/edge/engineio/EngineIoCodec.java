package io.parley.edge.engineio;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Pure Engine.IO v4 codec. WebSocket frames carry one packet each (text frames start with the type
 * digit; binary frames are raw message bytes). HTTP long-polling payloads join packets with the
 * record separator 0x1E and carry binary messages as {@code b} followed by base64.
 */
public final class EngineIoCodec {

    public static final char RECORD_SEPARATOR = '\u001e';

    private EngineIoCodec() {
    }

    /** Decodes one text frame (WebSocket) or one element of a polling payload. */
    public static EngineIoPacket decodeText(String frame) {
        if (frame == null || frame.isEmpty()) {
            throw new EngineIoProtocolException("empty packet");
        }
        char first = frame.charAt(0);
        if (first == 'b') {
            try {
                return EngineIoPacket.binary(Base64.getDecoder().decode(withoutWhitespace(frame)));
            } catch (IllegalArgumentException e) {
                throw new EngineIoProtocolException("invalid base64 in binary packet");
            }
        }
        EngineIoPacketType type = EngineIoPacketType.fromCode(first);
        if (type == null) {
            throw new EngineIoProtocolException("unknown packet type '" + printable(first) + "'");
        }
        return EngineIoPacket.text(type, frame.substring(1));
    }

    /** Decodes one binary WebSocket frame: always a binary MESSAGE. */
    public static EngineIoPacket decodeBinary(byte[] frame) {
        return EngineIoPacket.binary(frame);
    }

    /** Encodes a text packet as a WebSocket text frame ({@code <digit><data>}). */
    public static String encodeText(EngineIoPacket packet) {
        if (packet.isBinary()) {
            throw new IllegalArgumentException("binary packets are sent as binary frames");
        }
        String text = packet.text();
        return text.isEmpty() ? String.valueOf(packet.type().code()) : packet.type().code() + text;
    }

    /** Decodes an HTTP long-polling request body into its packets. */
    public static List<EngineIoPacket> decodePayload(String payload) {
        if (payload == null || payload.isEmpty()) {
            throw new EngineIoProtocolException("empty payload");
        }
        List<EngineIoPacket> packets = new ArrayList<>(2);
        int start = 0;
        while (true) {
            int end = payload.indexOf(RECORD_SEPARATOR, start);
            packets.add(decodeText(end < 0 ? payload.substring(start) : payload.substring(start, end)));
            if (end < 0) {
                return packets;
            }
            start = end + 1;
        }
    }

    /** Encodes packets as one HTTP long-polling response body. */
    public static String encodePayload(List<EngineIoPacket> packets) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < packets.size(); i++) {
            if (i > 0) {
                out.append(RECORD_SEPARATOR);
            }
            appendForPolling(out, packets.get(i));
        }
        return out.toString();
    }

    /** Appends one packet in its polling form (text as is, binary as {@code b<base64>}). */
    public static void appendForPolling(StringBuilder out, EngineIoPacket packet) {
        if (packet.isBinary()) {
            out.append('b').append(Base64.getEncoder().encodeToString(packet.binary()));
        } else {
            out.append(packet.type().code()).append(packet.text());
        }
    }

    /**
     * The base64 after the {@code b}, without ASCII whitespace: the Java and Android clients encode
     * with line breaks (MIME style, {@code "bAQID\n"}), which the reference server's decoder ignores.
     */
    private static String withoutWhitespace(String frame) {
        StringBuilder out = null;
        for (int i = 1; i < frame.length(); i++) {
            char c = frame.charAt(i);
            boolean whitespace = c == '\n' || c == '\r' || c == ' ' || c == '\t';
            if (whitespace && out == null) {
                out = new StringBuilder(frame.length()).append(frame, 1, i);
            } else if (!whitespace && out != null) {
                out.append(c);
            }
        }
        return out == null ? frame.substring(1) : out.toString();
    }

    private static String printable(char c) {
        return c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c);
    }
}
