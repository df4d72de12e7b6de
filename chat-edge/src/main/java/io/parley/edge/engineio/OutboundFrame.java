package io.parley.edge.engineio;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;

/**
 * A packet already encoded for the wire, shared by every recipient of a broadcast: {@code text} is
 * the whole Engine.IO text frame (type digit included), or {@code binary} the raw bytes of a binary
 * message. A broadcast's complete WebSocket frame (header and UTF-8 payload) is built once, on first
 * use, and the same bytes are written to every WebSocket recipient. Any other frame has one recipient
 * (or, like {@link #PING}, is written at long intervals): it is encoded for each write into a pooled
 * buffer of the channel, which Netty returns to its pool once written; no JDK direct buffer (with its
 * cleaner and native allocation) per reply or handshake.
 *
 * <p>A frame of a broadcast {@linkplain #mayWait() may wait} for its connection's flush interval
 * ({@code parley.engineio.websocket-flush-interval}); every other frame (a reply to the client, a
 * handshake, a ping) goes out at the end of the event-loop pass that wrote it.
 */
public final class OutboundFrame {

    public static final OutboundFrame PING = text("2");
    public static final OutboundFrame NOOP = text("6");
    public static final OutboundFrame CLOSE = text("1");

    private final String text;
    private final byte[] binary;
    private final boolean mayWait;
    /** The WebSocket frame in direct memory; never released (the GC frees it with the frame). */
    private volatile ByteBuf webSocketFrame;

    private OutboundFrame(String text, byte[] binary, boolean mayWait) {
        if ((text == null) == (binary == null)) {
            throw new IllegalArgumentException("a frame is either text or binary");
        }
        this.text = text;
        this.binary = binary;
        this.mayWait = mayWait;
    }

    public static OutboundFrame text(String frame) {
        return new OutboundFrame(Objects.requireNonNull(frame, "frame"), null, false);
    }

    public static OutboundFrame binary(byte[] data) {
        return new OutboundFrame(null, Objects.requireNonNull(data, "data"), false);
    }

    /** A MESSAGE packet carrying the given text (e.g. an encoded Socket.IO packet). */
    public static OutboundFrame message(String data) {
        return new OutboundFrame("4" + data, null, false);
    }

    /** This frame as part of a broadcast: it may wait for its connection's flush interval. */
    public OutboundFrame forBroadcast() {
        return mayWait ? this : new OutboundFrame(text, binary, true);
    }

    /** Whether the frame may wait for its connection's flush interval (a broadcast's frame). */
    public boolean mayWait() {
        return mayWait;
    }

    /** The Engine.IO text frame, or null for a binary frame. */
    public String text() {
        return text;
    }

    /** The binary message, or null for a text frame. */
    public byte[] binary() {
        return binary;
    }

    public boolean isBinary() {
        return binary != null;
    }

    /** Bytes this frame occupies on the wire (text counted as UTF-16 length, close enough for limits). */
    public int size() {
        return binary != null ? binary.length : text.length();
    }

    /**
     * The complete WebSocket frame (header and payload) for one write: the caller hands it to Netty,
     * which releases it once written. A broadcast's bytes are shared, not copied; any other frame is
     * encoded into a buffer of {@code alloc}.
     */
    ByteBuf webSocketFrame(ByteBufAllocator alloc) {
        if (!mayWait) {
            return binary != null ? WebSocketFrames.encodeBinary(alloc, binary)
                    : WebSocketFrames.encodeText(alloc, text);
        }
        ByteBuf frame = webSocketFrame;
        if (frame == null) {
            byte[] bytes = isBinary() ? WebSocketFrames.encode(true, binary)
                    : WebSocketFrames.encode(false, text.getBytes(StandardCharsets.UTF_8));
            ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length);
            direct.put(bytes).flip();
            // a wrapped JDK buffer: releasing it never frees the memory, the buffer's cleaner does
            frame = Unpooled.wrappedBuffer(direct);
            webSocketFrame = frame;
        }
        return frame.retainedDuplicate();
    }

    @Override
    public boolean equals(Object o) {
        // the same bytes: whether the frame may wait is how it is sent, not what it is
        return o instanceof OutboundFrame other && Objects.equals(text, other.text)
                && Arrays.equals(binary, other.binary);
    }

    @Override
    public int hashCode() {
        return 31 * Objects.hashCode(text) + Arrays.hashCode(binary);
    }

    @Override
    public String toString() {
        return isBinary() ? "OutboundFrame[binary " + binary.length + " bytes]" : "OutboundFrame[" + text + "]";
    }
}
