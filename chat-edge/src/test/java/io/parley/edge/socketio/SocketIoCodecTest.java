package io.parley.edge.socketio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.parley.edge.engineio.OutboundFrame;

class SocketIoCodecTest {

    private static final int MAX_ATTACHMENTS = 10;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static SocketIoPacket decode(String text) {
        return SocketIoCodec.decode(text, MAX_ATTACHMENTS);
    }

    private static JsonNode json(String text) throws Exception {
        return SocketIoCodec.JSON.readTree(text);
    }

    // ---- decoding, one test per packet type ----

    @Test
    void connectToMainNamespaceWithoutAuth() {
        SocketIoPacket packet = decode("0");
        assertEquals(SocketIoPacketType.CONNECT, packet.type());
        assertEquals("/", packet.nsp());
        assertFalse(packet.hasAck());
        assertNull(packet.data());
    }

    @Test
    void connectToCustomNamespaceWithAuth() throws Exception {
        SocketIoPacket packet = decode("0/admin,{\"token\":\"abc\"}");
        assertEquals(SocketIoPacketType.CONNECT, packet.type());
        assertEquals("/admin", packet.nsp());
        assertEquals(json("{\"token\":\"abc\"}"), packet.data());
    }

    @Test
    void namespaceWithoutTrailingComma() {
        SocketIoPacket packet = decode("0/admin");
        assertEquals("/admin", packet.nsp());
        assertNull(packet.data());
    }

    @Test
    void disconnect() {
        assertEquals(SocketIoPacketType.DISCONNECT, decode("1").type());
        SocketIoPacket custom = decode("1/admin,");
        assertEquals(SocketIoPacketType.DISCONNECT, custom.type());
        assertEquals("/admin", custom.nsp());
    }

    @Test
    void eventWithoutAck() throws Exception {
        SocketIoPacket packet = decode("2[\"hello\",1,{\"a\":[true]}]");
        assertEquals(SocketIoPacketType.EVENT, packet.type());
        assertEquals("/", packet.nsp());
        assertEquals(-1, packet.ackId());
        assertEquals(json("[\"hello\",1,{\"a\":[true]}]"), packet.data());
    }

    @Test
    void eventWithNamespaceAndAckId() throws Exception {
        SocketIoPacket packet = decode("2/chat,12[\"room:join\",{\"roomId\":\"r1\"}]");
        assertEquals(SocketIoPacketType.EVENT, packet.type());
        assertEquals("/chat", packet.nsp());
        assertEquals(12, packet.ackId());
        assertTrue(packet.hasAck());
        assertEquals("room:join", packet.data().get(0).asText());
    }

    @Test
    void eventNamedByNumberIsAccepted() {
        assertEquals(SocketIoPacketType.EVENT, decode("2[42]").type());
    }

    @Test
    void ack() throws Exception {
        SocketIoPacket packet = decode("3/chat,7[{\"ok\":true}]");
        assertEquals(SocketIoPacketType.ACK, packet.type());
        assertEquals("/chat", packet.nsp());
        assertEquals(7, packet.ackId());
        assertEquals(json("[{\"ok\":true}]"), packet.data());
        assertEquals(0, decode("30[]").ackId());
    }

    @Test
    void connectError() throws Exception {
        SocketIoPacket object = decode("4{\"message\":\"Invalid namespace\"}");
        assertEquals(SocketIoPacketType.CONNECT_ERROR, object.type());
        assertEquals("Invalid namespace", object.data().get("message").asText());
        SocketIoPacket text = decode("4/admin,\"Not authorized\"");
        assertEquals("/admin", text.nsp());
        assertEquals("Not authorized", text.data().asText());
    }

    @Test
    void binaryEventAnnouncesItsAttachments() {
        SocketIoPacket packet = decode("52-/files,3[\"upload\",{\"_placeholder\":true,\"num\":0},"
                + "{\"_placeholder\":true,\"num\":1}]");
        assertEquals(SocketIoPacketType.BINARY_EVENT, packet.type());
        assertEquals(2, packet.attachments());
        assertEquals("/files", packet.nsp());
        assertEquals(3, packet.ackId());
    }

    @Test
    void binaryAck() {
        SocketIoPacket packet = decode("61-4[{\"_placeholder\":true,\"num\":0}]");
        assertEquals(SocketIoPacketType.BINARY_ACK, packet.type());
        assertEquals(1, packet.attachments());
        assertEquals(4, packet.ackId());
    }

    // ---- binary placeholders ----

    @Test
    void reconstructPutsAttachmentsInPlaceOfPlaceholders() throws Exception {
        SocketIoPacket packet = decode("52-[\"upload\",{\"name\":\"a\",\"data\":{\"_placeholder\":true,\"num\":1}},"
                + "[{\"_placeholder\":true,\"num\":0}]]");
        byte[] first = { 1, 2, 3 };
        byte[] second = { 9, 8 };
        SocketIoPacket complete = SocketIoCodec.reconstruct(packet, List.of(first, second));

        assertEquals(0, complete.attachments());
        JsonNode data = complete.data();
        assertEquals("upload", data.get(0).asText());
        assertEquals("a", data.get(1).get("name").asText());
        assertTrue(data.get(1).get("data").isBinary());
        assertArrayEquals(second, data.get(1).get("data").binaryValue());
        assertArrayEquals(first, data.get(2).get(0).binaryValue());
    }

    @Test
    void placeholderIndexOutOfRangeIsRejected() {
        SocketIoPacket packet = decode("51-[\"upload\",{\"_placeholder\":true,\"num\":1}]");
        assertThrows(SocketIoProtocolException.class,
                () -> SocketIoCodec.reconstruct(packet, List.of(new byte[] { 1 })));
        SocketIoPacket negative = decode("51-[\"upload\",{\"_placeholder\":true,\"num\":-1}]");
        assertThrows(SocketIoProtocolException.class,
                () -> SocketIoCodec.reconstruct(negative, List.of(new byte[] { 1 })));
    }

    @Test
    void encodesBinaryAsAttachmentsAndBinaryEventType() throws Exception {
        ArrayNode data = NODES.arrayNode();
        data.add("file");
        ObjectNode file = data.addObject();
        file.put("name", "x.bin");
        file.set("content", BinaryNode.valueOf(new byte[] { 4, 5, 6 }));
        data.add(BinaryNode.valueOf(new byte[] { 7 }));

        EncodedPacket encoded = SocketIoCodec.encode(new SocketIoPacket(SocketIoPacketType.EVENT, "/up", 5, data));

        assertEquals("52-/up,5[\"file\",{\"name\":\"x.bin\",\"content\":{\"_placeholder\":true,\"num\":0}},"
                + "{\"_placeholder\":true,\"num\":1}]", encoded.text());
        assertEquals(2, encoded.attachments().size());
        assertArrayEquals(new byte[] { 4, 5, 6 }, encoded.attachments().get(0));
        assertArrayEquals(new byte[] { 7 }, encoded.attachments().get(1));

        List<OutboundFrame> frames = encoded.frames();
        assertEquals(3, frames.size());
        assertEquals("4" + encoded.text(), frames.get(0).text());
        assertTrue(frames.get(1).isBinary());
        assertTrue(frames.get(2).isBinary());
        assertTrue(frames.stream().noneMatch(OutboundFrame::mayWait), "a packet to one socket goes out promptly");
        List<OutboundFrame> broadcast = encoded.broadcastFrames();
        assertEquals(frames, broadcast, "the same bytes");
        assertTrue(broadcast.stream().allMatch(OutboundFrame::mayWait), "a broadcast's frames may wait");

        // and back: decode the text, then the attachments, gives the original data
        SocketIoPacket decoded = SocketIoCodec.reconstruct(SocketIoCodec.decode(encoded.text(), MAX_ATTACHMENTS),
                encoded.attachments());
        assertEquals(data, decoded.data());
        assertEquals(SocketIoPacketType.BINARY_EVENT, decoded.type());
    }

    @Test
    void ackWithBinaryBecomesBinaryAck() {
        ArrayNode data = NODES.arrayNode().add(BinaryNode.valueOf(new byte[] { 1 }));
        EncodedPacket encoded = SocketIoCodec.encode(new SocketIoPacket(SocketIoPacketType.ACK, "/", 9, data));
        assertEquals("61-9[{\"_placeholder\":true,\"num\":0}]", encoded.text());
    }

    @Test
    void binaryTypeWithoutBinaryDataIsEncodedAsPlainType() {
        ArrayNode data = NODES.arrayNode().add("e");
        assertEquals("2[\"e\"]",
                SocketIoCodec.encode(new SocketIoPacket(SocketIoPacketType.BINARY_EVENT, "/", -1, data)).text());
        assertEquals("31[\"e\"]",
                SocketIoCodec.encode(new SocketIoPacket(SocketIoPacketType.BINARY_ACK, "/", 1, data)).text());
    }

    @Test
    void encodesEveryPacketType() {
        assertEquals("0{\"sid\":\"abc\"}", SocketIoCodec.encode(new SocketIoPacket(SocketIoPacketType.CONNECT, "/",
                -1, NODES.objectNode().put("sid", "abc"))).text());
        assertEquals("0/admin,{\"sid\":\"abc\"}", SocketIoCodec.encode(new SocketIoPacket(
                SocketIoPacketType.CONNECT, "/admin", -1, NODES.objectNode().put("sid", "abc"))).text());
        assertEquals("1/admin,",
                SocketIoCodec.encode(new SocketIoPacket(SocketIoPacketType.DISCONNECT, "/admin", -1, null)).text());
        assertEquals("1", SocketIoCodec.encode(new SocketIoPacket(SocketIoPacketType.DISCONNECT, "/", -1, null)).text());
        assertEquals("2[\"hi\",\"there\"]", SocketIoCodec.encode(new SocketIoPacket(SocketIoPacketType.EVENT, "/", -1,
                NODES.arrayNode().add("hi").add("there"))).text());
        assertEquals("3/chat,42[{\"ok\":true}]", SocketIoCodec.encode(new SocketIoPacket(SocketIoPacketType.ACK,
                "/chat", 42, NODES.arrayNode().add(NODES.objectNode().put("ok", true)))).text());
        assertEquals("4{\"message\":\"Invalid namespace\"}", SocketIoCodec.encode(new SocketIoPacket(
                SocketIoPacketType.CONNECT_ERROR, "/", -1, NODES.objectNode().put("message", "Invalid namespace")))
                .text());
    }

    @Test
    void decodeOfEncodeIsIdentityForTextPackets() {
        for (String text : List.of("0", "0/a,{\"x\":1}", "1/a,", "2[\"e\",null,1.5,\"\u00e9\"]", "2/a,3[\"e\"]",
                "35[]", "4{\"message\":\"no\",\"data\":{\"code\":\"X\"}}")) {
            assertEquals(text, SocketIoCodec.encode(decode(text)).text(), text);
        }
    }

    // ---- malformed input ----

    @ParameterizedTest
    @ValueSource(strings = { "", "7", "9[\"e\"]", "x", "/" })
    void unknownTypeOrEmptyIsRejected(String text) {
        assertThrows(SocketIoProtocolException.class, () -> decode(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "2{}", // event payload must be an array
            "2[]", // ...with an event name
            "2[{}]", // ...that is a string or a number
            "2[null]",
            "2\"e\"",
            "2", // event without payload
            "2abc[\"e\"]", // garbage between header and payload
            "2/chat,abc[\"e\"]",
            "2[\"e\"]x", // trailing garbage after the JSON
            "2[\"e\"]{}",
            "2[\"e\"",  // truncated JSON
            "21234567890123456[\"e\"]", // ack id too long
            "3[\"x\"]", // ack without an id
            "31{}", // ack payload must be an array
            "31", // ack without payload
            "0[]", // connect payload must be an object
            "0\"token\"",
            "1{}", // disconnect carries no payload
            "1/admin,[\"x\"]",
            "4", // connect_error must carry a payload
            "4[]", // ...that is an object or a string
            "4/admin,42" })
    void invalidPayloadIsRejected(String text) {
        assertThrows(SocketIoProtocolException.class, () -> decode(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "5[\"e\",{\"_placeholder\":true,\"num\":0}]", // no attachment count
            "5-[\"e\"]", // empty count
            "5x-[\"e\"]", // non-numeric count
            "51x-[\"e\"]",
            "512345-[\"e\",{\"_placeholder\":true,\"num\":0}]", // absurdly long count
            "511-[\"e\",{\"_placeholder\":true,\"num\":0}]", // more than maxAttachments (10)
            "6-1[]" })
    void badAttachmentCountIsRejected(String text) {
        assertThrows(SocketIoProtocolException.class, () -> decode(text));
    }

    @Test
    void attachmentCountUpToTheLimitIsAccepted() {
        assertEquals(10, decode("510-[\"e\"]").attachments());
    }
}
