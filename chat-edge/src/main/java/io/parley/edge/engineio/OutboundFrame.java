package io.parley.edge.engineio;

/**
 * A packet already encoded for the wire, shared by every recipient of a broadcast: {@code text} is
 * the whole Engine.IO text frame (type digit included), or {@code binary} the raw bytes of a binary
 * message.
 */
public record OutboundFrame(String text, byte[] binary) {

    public static final OutboundFrame PING = text("2");
    public static final OutboundFrame NOOP = text("6");
    public static final OutboundFrame CLOSE = text("1");

    public static OutboundFrame text(String frame) {
        return new OutboundFrame(frame, null);
    }

    public static OutboundFrame binary(byte[] data) {
        return new OutboundFrame(null, data);
    }

    /** A MESSAGE packet carrying the given text (e.g. an encoded Socket.IO packet). */
    public static OutboundFrame message(String data) {
        return new OutboundFrame("4" + data, null);
    }

    public boolean isBinary() {
        return binary != null;
    }

    /** Bytes this frame occupies on the wire (text counted as UTF-16 length, close enough for limits). */
    public int size() {
        return binary != null ? binary.length : text.length();
    }
}
