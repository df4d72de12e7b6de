package io.parley.edge.engineio;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;

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
        byte[] frame = new byte[headerLength(payload.length) + payload.length];
        ByteBuf out = Unpooled.wrappedBuffer(frame).clear();
        writeHeader(out, binary, payload.length);
        out.writeBytes(payload);
        return frame;
    }

    /** A complete text frame carrying {@code text} as UTF-8, in a buffer of {@code alloc} owned by the caller. */
    static ByteBuf encodeText(ByteBufAllocator alloc, String text) {
        int length = ByteBufUtil.utf8Bytes(text);
        ByteBuf out = alloc.directBuffer(headerLength(length) + length);
        writeHeader(out, false, length);
        ByteBufUtil.writeUtf8(out, text);
        return out;
    }

    /** A complete binary frame, in a buffer of {@code alloc} owned by the caller. */
    static ByteBuf encodeBinary(ByteBufAllocator alloc, byte[] payload) {
        ByteBuf out = alloc.directBuffer(headerLength(payload.length) + payload.length);
        writeHeader(out, true, payload.length);
        out.writeBytes(payload);
        return out;
    }

    private static void writeHeader(ByteBuf out, boolean binary, int length) {
        int header = headerLength(length);
        out.writeByte(FIN | (binary ? OPCODE_BINARY : OPCODE_TEXT));
        if (header == 2) {
            out.writeByte(length);
        } else if (header == 4) {
            out.writeByte(126);
            out.writeShort(length);
        } else {
            out.writeByte(127);
            out.writeLong(length);
        }
    }
}
