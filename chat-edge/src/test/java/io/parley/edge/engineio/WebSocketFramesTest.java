package io.parley.edge.engineio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;

/** Frames built by {@link WebSocketFrames} and {@link OutboundFrame}, read back by Netty's client-side decoder. */
class WebSocketFramesTest {

    private static final ByteBufAllocator POOL = PooledByteBufAllocator.DEFAULT;

    /** What a client reads: unmasked server frames, no extensions. */
    private static WebSocketFrame decode(byte[] wire) {
        EmbeddedChannel client = new EmbeddedChannel(new WebSocket08FrameDecoder(false, false, 1 << 20));
        client.writeInbound(Unpooled.wrappedBuffer(wire));
        WebSocketFrame frame = client.readInbound();
        assertNull(client.readInbound(), "exactly one frame");
        client.finishAndReleaseAll();
        return frame;
    }

    @ParameterizedTest
    @ValueSource(ints = { 0, 1, 125, 126, 127, 1000, 65535, 65536, 70000 })
    void everyLengthEncodingDecodesToTheSamePayload(int length) {
        byte[] payload = new byte[length];
        for (int i = 0; i < length; i++) {
            payload[i] = (byte) ('a' + i % 26);
        }
        byte[] wire = WebSocketFrames.encode(false, payload);
        assertEquals(WebSocketFrames.headerLength(length) + length, wire.length);
        WebSocketFrame frame = decode(wire);
        try {
            TextWebSocketFrame text = assertInstanceOf(TextWebSocketFrame.class, frame);
            assertTrue(text.isFinalFragment());
            assertEquals(0, text.rsv());
            assertArrayEquals(payload, ByteBufUtil.getBytes(text.content()));
        } finally {
            frame.release();
        }
    }

    @Test
    void headerLengthsFollowRfc6455() {
        assertEquals(2, WebSocketFrames.headerLength(0));
        assertEquals(2, WebSocketFrames.headerLength(125));
        assertEquals(4, WebSocketFrames.headerLength(126));
        assertEquals(4, WebSocketFrames.headerLength(65535));
        assertEquals(10, WebSocketFrames.headerLength(65536));
        assertThrows(IllegalArgumentException.class, () -> WebSocketFrames.headerLength(-1));
        assertArrayEquals(new byte[] { (byte) 0x81, 1, '2' }, WebSocketFrames.encode(false, new byte[] { '2' }));
        assertArrayEquals(new byte[] { (byte) 0x82, 2, 7, 8 }, WebSocketFrames.encode(true, new byte[] { 7, 8 }));
    }

    @Test
    void textFrameCarriesUtf8() {
        String packet = "42[\"message:new\",{\"body\":\"h\u00e9llo \uD83D\uDE00\"}]";
        OutboundFrame frame = OutboundFrame.text(packet);
        WebSocketFrame decoded = decode(bytesOf(frame.webSocketFrame(POOL)));
        try {
            assertEquals(packet, assertInstanceOf(TextWebSocketFrame.class, decoded).text());
        } finally {
            decoded.release();
        }
    }

    @Test
    void binaryFrameKeepsItsBytes() {
        byte[] data = { 0, 1, 2, (byte) 0xFF, 4 };
        WebSocketFrame decoded = decode(bytesOf(OutboundFrame.binary(data).webSocketFrame(POOL)));
        try {
            BinaryWebSocketFrame binary = assertInstanceOf(BinaryWebSocketFrame.class, decoded);
            assertArrayEquals(data, ByteBufUtil.getBytes(binary.content()));
        } finally {
            decoded.release();
        }
    }

    @Test
    void everyWriteOfABroadcastGetsItsOwnViewOfTheSameBytes() {
        OutboundFrame frame = OutboundFrame.message("2[\"x\"]").forBroadcast();
        ByteBuf first = frame.webSocketFrame(POOL);
        ByteBuf second = frame.webSocketFrame(POOL);
        assertNotSame(first, second);
        assertEquals(first.memoryAddress(), second.memoryAddress(), "the same bytes, not a copy");
        first.skipBytes(first.readableBytes()); // one write consumed its view
        first.release();
        byte[] expected = WebSocketFrames.encode(false, "42[\"x\"]".getBytes(StandardCharsets.UTF_8));
        assertArrayEquals(expected, bytesOf(second));
        assertTrue(Arrays.equals(expected, bytesOf(frame.webSocketFrame(POOL))), "still readable after other writes");
    }

    @Test
    void aFrameForOneRecipientIsEncodedIntoABufferOfTheChannelsPoolAndFreedWhenWritten() {
        String packet = "430[{\"ok\":true,\"name\":\"Zo\u00eb\"}]";
        OutboundFrame reply = OutboundFrame.text(packet);
        ByteBuf first = reply.webSocketFrame(POOL);
        ByteBuf second = reply.webSocketFrame(POOL);
        assertNotEquals(first.memoryAddress(), second.memoryAddress(), "each write its own bytes");
        assertEquals(1, first.refCnt());
        byte[] expected = WebSocketFrames.encode(false, packet.getBytes(StandardCharsets.UTF_8));
        assertArrayEquals(expected, bytesOf(first));
        assertEquals(0, first.refCnt(), "released once written: its memory goes back to the pool");
        assertArrayEquals(expected, bytesOf(second));
    }

    @ParameterizedTest
    @ValueSource(ints = { 0, 1, 125, 126, 65535, 65536, 70000 })
    void pooledEncodingMatchesTheByteArrayEncoding(int length) {
        byte[] payload = new byte[length];
        for (int i = 0; i < length; i++) {
            payload[i] = (byte) ('a' + i % 26);
        }
        assertArrayEquals(WebSocketFrames.encode(false, payload),
                bytesOf(WebSocketFrames.encodeText(POOL, new String(payload, StandardCharsets.US_ASCII))));
        assertArrayEquals(WebSocketFrames.encode(true, payload), bytesOf(WebSocketFrames.encodeBinary(POOL, payload)));
    }

    @Test
    void aFrameIsTextOrBinary() {
        assertThrows(NullPointerException.class, () -> OutboundFrame.text(null));
        assertThrows(NullPointerException.class, () -> OutboundFrame.binary(null));
        assertEquals(OutboundFrame.text("2"), OutboundFrame.PING);
        assertEquals(3, OutboundFrame.binary(new byte[3]).size());
    }

    private static byte[] bytesOf(ByteBuf buf) {
        try {
            return ByteBufUtil.getBytes(buf);
        } finally {
            buf.release();
        }
    }
}
