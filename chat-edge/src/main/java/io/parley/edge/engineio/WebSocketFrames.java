package io.parley.edge.engineio;

/**
 * Pure encoder of complete server-to-client WebSocket frames (RFC 6455 section 5.2): FIN set, no
 * extension bits, no mask, opcode text (1) or binary (2), then the payload length in 7, 7+16 or
 * 7+64 bits. One Engine.IO packet is one unfragmented WebSocket message, so a frame built here can
 * be written as is to every connection of a broadcast.
 */
public final class WebSocketFrames {

    static final int OPCODE_TEXT = 0x1;
    static final int OPCODE_BINARY = 0x2;
    private static final int FIN = 0x80;

    private WebSocketFrames() {
    }

    /** Length of the frame header for a payload of this many bytes. */
    static int headerLength(int payloadLength) {
        if (payloadLength < 0) {
            throw new IllegalArgumentException("negative payload length");
        }
        if (payloadLength <= 125) {
            return 2;
        }
        return payloadLength <= 0xFFFF ? 4 : 10;
    }

    /** A complete frame: header and payload, ready for the wire. */
    public static byte[] encode(boolean binary, byte[] payload) {
        int length = payload.length;
        int header = headerLength(length);
        byte[] frame = new byte[header + length];
        frame[0] = (byte) (FIN | (binary ? OPCODE_BINARY : OPCODE_TEXT));
        if (header == 2) {
            frame[1] = (byte) length;
        } else if (header == 4) {
            frame[1] = 126;
            frame[2] = (byte) (length >>> 8);
            frame[3] = (byte) length;
        } else {
            frame[1] = 127;
            long l = length;
            for (int i = 0; i < 8; i++) {
                frame[2 + i] = (byte) (l >>> (56 - 8 * i));
            }
        }
        System.arraycopy(payload, 0, frame, header, length);
        return frame;
    }
}
