package io.parley.bench.loadgen;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FrameCharsTest {

    private static FrameChars of(FrameChars chars, String text) {
        ByteBuf buf = Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
        buf.readByte(); // a reader index past the start must be honoured
        try {
            return chars.fill(buf);
        } finally {
            buf.release();
        }
    }

    @Test
    void readsTheFramesBytesInPlaceOfAString() {
        FrameChars chars = of(new FrameChars(4), "x4312[{\"ok\":true,\"id\":\"m1\"}]");
        assertEquals(EngineIoFrames.Kind.SIO_ACK, EngineIoFrames.kindOf(chars));
        assertEquals(12, EngineIoFrames.ackId(chars));
        assertTrue(EngineIoFrames.ackIsOk(chars));
        assertEquals("m1", EngineIoFrames.stringField(chars, "id"));
        assertEquals("4312[{\"ok\":true,\"id\":\"m1\"}]", chars.toString());
    }

    @Test
    void parsesTheStampOfAMessageNewWithNonAsciiAround() {
        String body = MessageStamp.encodeBody(7, 42, 123_456_789L, 48);
        FrameChars chars = of(new FrameChars(16), "x42[\"message:new\",{\"senderName\":\"Zoë ✓\",\"body\":\""
                + body + "\"}]");
        assertTrue(EngineIoFrames.isEvent(chars, "message:new"));
        assertFalse(EngineIoFrames.isEvent(chars, "message:ne"));
        MessageStamp stamp = new MessageStamp();
        assertTrue(stamp.parseBody(chars));
        assertEquals(7, stamp.publisher);
        assertEquals(42, stamp.sequence);
        assertEquals(123_456_789L, stamp.sentNanos);
        assertEquals("Zoë ✓", EngineIoFrames.stringField(chars, "senderName"));
    }

    @Test
    void isRefilledForEveryFrameAndChecksItsBounds() {
        FrameChars chars = new FrameChars(16);
        of(chars, "x" + "6".repeat(100));
        assertEquals(100, chars.length());
        of(chars, "x2");
        assertEquals(1, chars.length());
        assertEquals('2', chars.charAt(0));
        assertThrows(IndexOutOfBoundsException.class, () -> chars.charAt(1));
        assertEquals(-1, EngineIoFrames.indexOf(chars, "66", 0));
    }
}
