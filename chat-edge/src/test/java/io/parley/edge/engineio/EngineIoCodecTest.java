package io.parley.edge.engineio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EngineIoCodecTest {

    @Test
    void decodesEveryTextPacketType() {
        assertEquals(EngineIoPacketType.OPEN, EngineIoCodec.decodeText("0{\"sid\":\"x\"}").type());
        assertEquals(EngineIoPacketType.CLOSE, EngineIoCodec.decodeText("1").type());
        assertEquals(EngineIoPacketType.PING, EngineIoCodec.decodeText("2").type());
        assertEquals(EngineIoPacketType.PONG, EngineIoCodec.decodeText("3").type());
        assertEquals(EngineIoPacketType.MESSAGE, EngineIoCodec.decodeText("4hi").type());
        assertEquals(EngineIoPacketType.UPGRADE, EngineIoCodec.decodeText("5").type());
        assertEquals(EngineIoPacketType.NOOP, EngineIoCodec.decodeText("6").type());
    }

    @Test
    void textPacketKeepsItsDataVerbatim() {
        EngineIoPacket probe = EngineIoCodec.decodeText("2probe");
        assertEquals(EngineIoPacketType.PING, probe.type());
        assertEquals("probe", probe.text());
        assertFalse(probe.isBinary());

        EngineIoPacket message = EngineIoCodec.decodeText("42[\"chat\",\"h\u00e9llo \uD83D\uDE00\"]");
        assertEquals("2[\"chat\",\"h\u00e9llo \uD83D\uDE00\"]", message.text());

        assertEquals("", EngineIoCodec.decodeText("3").text());
    }

    @Test
    void encodesTextFrames() {
        assertEquals("4hello", EngineIoCodec.encodeText(EngineIoPacket.message("hello")));
        assertEquals("2", EngineIoCodec.encodeText(EngineIoPacket.PING));
        assertEquals("3probe", EngineIoCodec.encodeText(EngineIoPacket.text(EngineIoPacketType.PONG, "probe")));
        assertThrows(IllegalArgumentException.class,
                () -> EngineIoCodec.encodeText(EngineIoPacket.binary(new byte[] { 1 })));
    }

    @Test
    void binaryWebSocketFrameIsABinaryMessage() {
        byte[] bytes = { 0, 1, 2, (byte) 0xff };
        EngineIoPacket packet = EngineIoCodec.decodeBinary(bytes);
        assertEquals(EngineIoPacketType.MESSAGE, packet.type());
        assertTrue(packet.isBinary());
        assertArrayEquals(bytes, packet.binary());
        assertNull(packet.text());
    }

    @Test
    void binaryInPollingIsBPlusBase64() {
        EngineIoPacket packet = EngineIoCodec.decodeText("bAQIDBA==");
        assertTrue(packet.isBinary());
        assertArrayEquals(new byte[] { 1, 2, 3, 4 }, packet.binary());

        StringBuilder out = new StringBuilder();
        EngineIoCodec.appendForPolling(out, EngineIoPacket.binary(new byte[] { 1, 2, 3, 4 }));
        assertEquals("bAQIDBA==", out.toString());
    }

    @Test
    void base64WithLineBreaksAsTheJavaClientSendsIsAccepted() {
        // socket.io-client (Java) 2.x encodes binary in polling as MIME-style base64: a trailing
        // newline, and a line break every 76 characters
        assertArrayEquals(new byte[] { 1, 2, 3 }, EngineIoCodec.decodeText("bAQID\n").binary());
        byte[] big = new byte[200];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) i;
        }
        String mime = java.util.Base64.getMimeEncoder(76, "\r\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(big);
        assertTrue(mime.contains("\r\n"));
        assertArrayEquals(big, EngineIoCodec.decodeText("b" + mime + "\n").binary());
        List<EngineIoPacket> packets = EngineIoCodec.decodePayload("451-[\"e\",{\"_placeholder\":true,\"num\":0}]"
                + "\u001ebAQID\n");
        assertArrayEquals(new byte[] { 1, 2, 3 }, packets.get(1).binary());
    }

    @Test
    void decodesPayloadSplitOnRecordSeparator() {
        List<EngineIoPacket> packets = EngineIoCodec.decodePayload("4hello\u001e2\u001ebAQID\u001e4");
        assertEquals(4, packets.size());
        assertEquals("hello", packets.get(0).text());
        assertEquals(EngineIoPacketType.PING, packets.get(1).type());
        assertArrayEquals(new byte[] { 1, 2, 3 }, packets.get(2).binary());
        assertEquals(EngineIoPacketType.MESSAGE, packets.get(3).type());
        assertEquals("", packets.get(3).text());
    }

    @Test
    void singlePacketPayloadHasNoSeparator() {
        List<EngineIoPacket> packets = EngineIoCodec.decodePayload("40");
        assertEquals(1, packets.size());
        assertEquals("0", packets.get(0).text());
    }

    @Test
    void encodesPayloadAndDecodesItBack() {
        byte[] image = "not really a png".getBytes(StandardCharsets.UTF_8);
        List<EngineIoPacket> packets = List.of(EngineIoPacket.message("2[\"a\"]"), EngineIoPacket.binary(image),
                EngineIoPacket.PING);
        String payload = EngineIoCodec.encodePayload(packets);
        assertEquals("42[\"a\"]\u001eb" + java.util.Base64.getEncoder().encodeToString(image) + "\u001e2", payload);

        List<EngineIoPacket> back = EngineIoCodec.decodePayload(payload);
        assertEquals("2[\"a\"]", back.get(0).text());
        assertArrayEquals(image, back.get(1).binary());
        assertEquals(EngineIoPacketType.PING, back.get(2).type());
    }

    @Test
    void emptyPacketIsRejected() {
        assertThrows(EngineIoProtocolException.class, () -> EngineIoCodec.decodeText(""));
        assertThrows(EngineIoProtocolException.class, () -> EngineIoCodec.decodeText(null));
    }

    @ParameterizedTest
    @ValueSource(strings = { "7", "9hello", "x", "{}", "/", "\u0000" })
    void unknownPacketTypeIsRejected(String frame) {
        EngineIoProtocolException e = assertThrows(EngineIoProtocolException.class,
                () -> EngineIoCodec.decodeText(frame));
        assertTrue(e.getMessage().contains("unknown packet type"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = { "b!!!!", "bAQID*", "bA", "bAQ ID=*", "b\u00e9\u00e9\u00e9\u00e9" })
    void badBase64IsRejected(String frame) {
        assertThrows(EngineIoProtocolException.class, () -> EngineIoCodec.decodeText(frame));
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "4a\u001e", "\u001e4a", "4a\u001e\u001e4b", "4a\u001e9", "4a\u001eb!!" })
    void malformedPayloadIsRejected(String payload) {
        assertThrows(EngineIoProtocolException.class, () -> EngineIoCodec.decodePayload(payload));
    }

    @Test
    void nullPayloadIsRejected() {
        assertThrows(EngineIoProtocolException.class, () -> EngineIoCodec.decodePayload(null));
    }
}
