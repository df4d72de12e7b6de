package io.parley.bench.loadgen;

import org.junit.jupiter.api.Test;

import static io.parley.bench.loadgen.EngineIoFrames.Kind;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EngineIoFramesTest {

    @Test
    void classifiesEngineIoAndSocketIoPackets() {
        assertEquals(Kind.OPEN, EngineIoFrames.kindOf("0{\"sid\":\"abc\",\"pingInterval\":25000}"));
        assertEquals(Kind.CLOSE, EngineIoFrames.kindOf("1"));
        assertEquals(Kind.PING, EngineIoFrames.kindOf("2"));
        assertEquals(Kind.PONG, EngineIoFrames.kindOf("3"));
        assertEquals(Kind.NOOP, EngineIoFrames.kindOf("6"));
        assertEquals(Kind.SIO_CONNECT, EngineIoFrames.kindOf("40{\"sid\":\"x\"}"));
        assertEquals(Kind.SIO_DISCONNECT, EngineIoFrames.kindOf("41"));
        assertEquals(Kind.SIO_EVENT, EngineIoFrames.kindOf("42[\"message:new\",{}]"));
        assertEquals(Kind.SIO_ACK, EngineIoFrames.kindOf("4312[{\"ok\":true}]"));
        assertEquals(Kind.SIO_CONNECT_ERROR, EngineIoFrames.kindOf("44{\"message\":\"unauthorized\"}"));
        assertEquals(Kind.UNKNOWN, EngineIoFrames.kindOf(""));
        assertEquals(Kind.UNKNOWN, EngineIoFrames.kindOf("4"));
        assertEquals(Kind.UNKNOWN, EngineIoFrames.kindOf("x"));
    }

    @Test
    void encodesConnectAndEventsWithAckIds() {
        assertEquals("40{\"userId\":\"u123\"}", EngineIoFrames.connect("u123"));
        assertEquals("427[\"room:join\",{\"roomId\":\"r1\"}]",
                EngineIoFrames.eventWithAck(7, "room:join", "{\"roomId\":\"r1\"}"));
        assertEquals("/socket.io/?EIO=4&transport=websocket", EngineIoFrames.websocketPath("/socket.io"));
        assertEquals("/socket.io/?EIO=4&transport=websocket", EngineIoFrames.websocketPath("/socket.io/"));
    }

    @Test
    void readsAckIdsAndOk() {
        assertEquals(0, EngineIoFrames.ackId("430[{\"ok\":true,\"roomId\":\"r1\"}]"));
        assertEquals(4711, EngineIoFrames.ackId("434711[{\"ok\":true,\"id\":\"m1\",\"ts\":1}]"));
        assertEquals(-1, EngineIoFrames.ackId("43[{\"ok\":true}]"));
        assertTrue(EngineIoFrames.ackIsOk("431[{\"ok\":true,\"id\":\"m1\"}]"));
        assertFalse(EngineIoFrames.ackIsOk("431[{\"ok\":false,\"error\":\"not_in_room\"}]"));
    }

    @Test
    void recognisesNamedEvents() {
        assertTrue(EngineIoFrames.isEvent("42[\"message:new\",{\"id\":\"1\"}]", "message:new"));
        assertFalse(EngineIoFrames.isEvent("42[\"message:newer\",{}]", "message:new"));
        assertFalse(EngineIoFrames.isEvent("42[\"presence\",{}]", "message:new"));
        assertFalse(EngineIoFrames.isEvent("43[\"message:new\",{}]", "message:new"));
    }

    @Test
    void extractsStringFieldsWhateverTheirOrder() {
        String nodeStyle = "42[\"message:new\",{\"id\":\"a-1\",\"roomId\":\"r3\",\"senderId\":\"u3\","
                + "\"body\":\"3:9:123:xx\",\"clientMsgId\":\"c3-9\",\"ts\":1}]";
        String otherOrder = "42[\"message:new\",{\"seq\":5,\"body\":\"say \\\"hi\\\"\",\"roomId\":\"r3\"}]";
        assertEquals("3:9:123:xx", EngineIoFrames.stringField(nodeStyle, "body"));
        assertEquals("r3", EngineIoFrames.stringField(nodeStyle, "roomId"));
        assertEquals("say \\\"hi\\\"", EngineIoFrames.stringField(otherOrder, "body"));
        assertNull(EngineIoFrames.stringField(nodeStyle, "nothing"));
    }
}
