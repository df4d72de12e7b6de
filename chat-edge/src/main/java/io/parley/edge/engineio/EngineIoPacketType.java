package io.parley.edge.engineio;

/** Engine.IO v4 packet types; the wire form of each is its single digit. */
public enum EngineIoPacketType {
    OPEN('0'), CLOSE('1'), PING('2'), PONG('3'), MESSAGE('4'), UPGRADE('5'), NOOP('6');

    private final char code;

    EngineIoPacketType(char code) {
        this.code = code;
    }

    public char code() {
        return code;
    }

    /** @return the type for a wire digit, or {@code null} when the character is not a packet type */
    public static EngineIoPacketType fromCode(char c) {
        int i = c - '0';
        EngineIoPacketType[] all = values();
        return i >= 0 && i < all.length ? all[i] : null;
    }
}
