package io.parley.edge.engineio;

/**
 * One Engine.IO packet. A text packet carries {@code text} (possibly empty), a binary message
 * carries {@code binary}; only MESSAGE packets may be binary.
 */
public record EngineIoPacket(EngineIoPacketType type, String text, byte[] binary) {

    public static final EngineIoPacket PING = new EngineIoPacket(EngineIoPacketType.PING, "", null);
    public static final EngineIoPacket PONG = new EngineIoPacket(EngineIoPacketType.PONG, "", null);
    public static final EngineIoPacket NOOP = new EngineIoPacket(EngineIoPacketType.NOOP, "", null);
    public static final EngineIoPacket CLOSE = new EngineIoPacket(EngineIoPacketType.CLOSE, "", null);

    public static EngineIoPacket text(EngineIoPacketType type, String text) {
        return new EngineIoPacket(type, text == null ? "" : text, null);
    }

    public static EngineIoPacket message(String text) {
        return new EngineIoPacket(EngineIoPacketType.MESSAGE, text, null);
    }

    public static EngineIoPacket binary(byte[] data) {
        return new EngineIoPacket(EngineIoPacketType.MESSAGE, null, data);
    }

    public boolean isBinary() {
        return binary != null;
    }
}
