package io.parley.bench.loadgen;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MessageStampTest {

    @Test
    void bodyIsPaddedToThePayloadSize() {
        String body = MessageStamp.encodeBody(12, 345, 987654321012L, 128);
        assertEquals(128, body.length());
        assertTrue(body.startsWith("12:345:987654321012:x"));
        String small = MessageStamp.encodeBody(1, 2, 3, 0);
        assertEquals("1:2:3:", small);
    }

    @Test
    void parsesTheStampOutOfAMessageNewFrame() {
        String body = MessageStamp.encodeBody(7, 42, -5_000_000L, 64);
        String frame = "42[\"message:new\",{\"id\":\"n-1\",\"roomId\":\"r7\",\"senderId\":\"u7\",\"body\":\""
                + body + "\",\"clientMsgId\":\"c7-42\",\"ts\":1700000000000}]";
        MessageStamp stamp = new MessageStamp();
        assertTrue(stamp.parseBody(frame));
        assertEquals(7, stamp.publisher);
        assertEquals(42, stamp.sequence);
        assertEquals(-5_000_000L, stamp.sentNanos);
    }

    @Test
    void rejectsBodiesThatAreNotStamps() {
        MessageStamp stamp = new MessageStamp();
        assertFalse(stamp.parseBody("42[\"message:new\",{\"body\":\"hello world\"}]"));
        assertFalse(stamp.parseBody("42[\"message:new\",{\"body\":\"1:2\"}]"));
        assertFalse(stamp.parseBody("42[\"message:new\",{\"id\":\"x\"}]"));
    }
}
