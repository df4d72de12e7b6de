package io.parley.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

import io.parley.events.EventFormatException.Reason;
import io.parley.events.kafka.EventDeserializer;
import io.parley.events.kafka.EventSerializer;

class EventJsonTest {

    private static final String ID = "0190f5a2-7c3e-7a01-8b2c-1234567890ab";

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void chatMessageRoundTrip() {
        ChatMessageEvent event = ChatMessageEvent.of(ID, "room-1", 42, "alice", "héllo 👋", null, 1_720_000_000_123L,
                "edge-1");
        ChatMessageEvent back = EventJson.read(EventJson.write(event), ChatMessageEvent.class);
        assertEquals(event, back);
        assertEquals("room-1", back.key());
        assertTrue(EventJson.writeString(event).contains("\"clientMsgId\":null"));
    }

    @Test
    void userSystemAndMembershipRoundTrip() {
        UserEvent read = UserEvent.of(ID, UserEvent.Type.READ, "bob", "room-1", "sock-1", "edge-2", 5L, 17L);
        assertEquals(read, EventJson.read(EventJson.write(read), UserEvent.class));
        assertEquals("bob", read.key());

        SystemLogEvent log = SystemLogEvent.of(ID, "edge-1", "INFO", SystemLogEvent.Kind.NODE_STARTED, "up", 9L,
                Map.of("version", "0.1.0"));
        assertEquals(log, EventJson.read(EventJson.write(log), SystemLogEvent.class));
        assertEquals("edge-1", log.key());

        MembershipEvent m = MembershipEvent.of(ID, MembershipEvent.Type.MEMBER_REMOVED, ID, "grp:" + ID, "carol",
                null, "dave", 11L);
        assertEquals(m, EventJson.read(EventJson.write(m), MembershipEvent.class));
        assertEquals("grp:" + ID, m.key());
    }

    @Test
    void groupCreatedCarriesTheVisibilityAndOlderEventsReadWithoutIt() {
        MembershipEvent created = MembershipEvent.groupCreated(ID, ID, "grp:" + ID, "alice", "PRIVATE", 12L);
        MembershipEvent read = EventJson.read(EventJson.write(created), MembershipEvent.class);
        assertEquals(created, read);
        assertEquals(MembershipEvent.Type.GROUP_CREATED, read.type());
        assertEquals("PRIVATE", read.visibility());
        assertEquals("alice", read.userId());
        assertNull(read.role());

        // written before the field existed: visibility reads as null
        String v1 = "{\"schemaVersion\":1,\"eventId\":\"" + ID + "\",\"type\":\"MEMBER_ADDED\",\"groupId\":\"" + ID
                + "\",\"roomId\":\"grp:" + ID + "\",\"userId\":\"bob\",\"role\":\"MEMBER\",\"actorId\":null,\"ts\":5}";
        MembershipEvent old = EventJson.read(utf8(v1), MembershipEvent.class);
        assertEquals(MembershipEvent.Type.MEMBER_ADDED, old.type());
        assertNull(old.visibility());

        // a type added after this code: read as null, for the consumer to skip
        String later = v1.replace("MEMBER_ADDED", "GROUP_ARCHIVED");
        assertNull(EventJson.read(utf8(later), MembershipEvent.class).type());
    }

    @Test
    void unknownFieldsAreIgnored() {
        String json = "{\"schemaVersion\":1,\"id\":\"" + ID + "\",\"roomId\":\"r\",\"seq\":3,\"senderId\":\"s\","
                + "\"body\":\"b\",\"clientMsgId\":\"c\",\"ts\":1,\"nodeId\":\"n\","
                + "\"addedLater\":{\"nested\":[1,2]},\"mentions\":[\"x\"]}";
        ChatMessageEvent event = EventJson.read(utf8(json), ChatMessageEvent.class);
        assertEquals(3, event.seq());
        assertEquals("c", event.clientMsgId());
    }

    @Test
    void absentNullableFieldReadsAsNull() {
        String json = "{\"schemaVersion\":1,\"id\":\"" + ID + "\",\"roomId\":\"r\",\"seq\":3,\"senderId\":\"s\","
                + "\"body\":\"b\",\"ts\":1,\"nodeId\":\"n\"}";
        assertNull(EventJson.read(utf8(json), ChatMessageEvent.class).clientMsgId());
        assertFalse(EventJson.read(utf8(json), ChatMessageEvent.class).retracted(), "absent retracted = a message");
    }

    @Test
    void aRetractionIsTheSameEventMarkedRetracted() {
        ChatMessageEvent message = ChatMessageEvent.of(ID, "room-1", 7, "alice", "hi", "c-1", 5L, "edge-1");
        ChatMessageEvent back = EventJson.read(EventJson.write(message.asRetraction()), ChatMessageEvent.class);
        assertTrue(back.retracted());
        assertEquals(message.id(), back.id());
        assertEquals(message.key(), back.key());
        assertEquals(message, new ChatMessageEvent(back.schemaVersion(), back.id(), back.roomId(), back.seq(),
                back.senderId(), back.body(), back.clientMsgId(), back.ts(), back.nodeId(), false));
    }

    @Test
    void unknownEnumConstantReadsAsNull() {
        String json = "{\"schemaVersion\":1,\"eventId\":\"e\",\"type\":\"TYPING\",\"userId\":\"u\","
                + "\"socketId\":\"s\",\"nodeId\":\"n\",\"ts\":1}";
        assertNull(EventJson.read(utf8(json), UserEvent.class).type());
    }

    @Test
    void rejectsWhatIsNotAValidEvent() {
        assertReason(Reason.MALFORMED_JSON, "{not json");
        assertReason(Reason.MALFORMED_JSON, "[1,2]");
        assertReason(Reason.UNSUPPORTED_SCHEMA_VERSION, "{\"schemaVersion\":2,\"id\":\"" + ID + "\"}");
        assertReason(Reason.UNSUPPORTED_SCHEMA_VERSION, "{\"id\":\"" + ID + "\"}");
        assertReason(Reason.MISSING_FIELD, "{\"schemaVersion\":1,\"id\":\"" + ID
                + "\",\"roomId\":\"r\",\"senderId\":\"s\",\"body\":\"b\",\"ts\":1,\"nodeId\":\"n\"}");
        assertReason(Reason.MISSING_FIELD, "{\"schemaVersion\":1,\"id\":\"" + ID
                + "\",\"roomId\":\"r\",\"seq\":1,\"senderId\":null,\"body\":\"b\",\"ts\":1,\"nodeId\":\"n\"}");
        assertReason(Reason.MALFORMED_JSON, "{\"schemaVersion\":1,\"id\":\"" + ID
                + "\",\"roomId\":\"r\",\"seq\":\"x\",\"senderId\":\"s\",\"body\":\"b\",\"ts\":1,\"nodeId\":\"n\"}");
        assertReason(Reason.INVALID_FIELD, "{\"schemaVersion\":1,\"id\":\"nope\",\"roomId\":\"r\",\"seq\":1,"
                + "\"senderId\":\"s\",\"body\":\"b\",\"ts\":1,\"nodeId\":\"n\"}");
        String longBody = "x".repeat(ChatMessageEvent.MAX_BODY_LENGTH + 1);
        assertReason(Reason.INVALID_FIELD, "{\"schemaVersion\":1,\"id\":\"" + ID + "\",\"roomId\":\"r\",\"seq\":1,"
                + "\"senderId\":\"s\",\"body\":\"" + longBody + "\",\"ts\":1,\"nodeId\":\"n\"}");
    }

    @Test
    void readEventNeedsRoomAndSeq() {
        String json = "{\"schemaVersion\":1,\"eventId\":\"e\",\"type\":\"READ\",\"userId\":\"u\",\"roomId\":\"r\","
                + "\"socketId\":\"s\",\"nodeId\":\"n\",\"ts\":1}";
        EventFormatException e = assertThrows(EventFormatException.class,
                () -> EventJson.read(utf8(json), UserEvent.class));
        assertEquals(Reason.MISSING_FIELD, e.reason());
    }

    @Test
    void kafkaSerializerAndDeserializer() {
        ChatMessageEvent event = ChatMessageEvent.of(ID, "room-1", 1, "alice", "hi", "c1", 1L, "edge-1");
        try (EventSerializer serializer = new EventSerializer();
                EventDeserializer.ChatMessage deserializer = new EventDeserializer.ChatMessage()) {
            byte[] bytes = serializer.serialize(Topics.CHAT_MESSAGES, event);
            assertEquals(event, deserializer.deserialize(Topics.CHAT_MESSAGES, bytes));
            SerializationException e = assertThrows(SerializationException.class,
                    () -> deserializer.deserialize(Topics.CHAT_MESSAGES, utf8("{}")));
            assertTrue(e.getMessage().startsWith("UNSUPPORTED_SCHEMA_VERSION"));
        }
    }

    private static void assertReason(Reason expected, String json) {
        EventFormatException e = assertThrows(EventFormatException.class,
                () -> EventJson.read(utf8(json), ChatMessageEvent.class));
        assertEquals(expected, e.reason(), e.getMessage());
    }
}
