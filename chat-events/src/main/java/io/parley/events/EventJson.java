package io.parley.events;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import io.parley.events.EventFormatException.Reason;

/**
 * The JSON codec of the contract: UTF-8 JSON objects, field names as in the records, nulls written
 * as null. Reading is tolerant where the evolution rule says so (unknown fields are ignored, an
 * unknown enum constant reads as null) and strict about the rest: the schemaVersion must be one this
 * code knows, required fields must be present and non-null, and limits are checked. Thread-safe.
 */
public final class EventJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_AS_NULL)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .build();

    private static final Map<Class<?>, Spec> SPECS = Map.of(
            ChatMessageEvent.class, new Spec(ChatMessageEvent.SCHEMA_VERSION,
                    List.of("id", "roomId", "seq", "senderId", "body", "ts", "nodeId")),
            UserEvent.class, new Spec(UserEvent.SCHEMA_VERSION,
                    List.of("eventId", "type", "userId", "socketId", "nodeId", "ts")),
            SystemLogEvent.class, new Spec(SystemLogEvent.SCHEMA_VERSION,
                    List.of("eventId", "nodeId", "level", "kind", "message", "ts")),
            MembershipEvent.class, new Spec(MembershipEvent.SCHEMA_VERSION,
                    List.of("eventId", "type", "groupId", "roomId", "userId", "ts")));

    private record Spec(int schemaVersion, List<String> required) {
    }

    private static final ChatMessageReader CHAT_MESSAGES = new ChatMessageReader(MAPPER.getFactory(),
            SPECS.get(ChatMessageEvent.class).required());

    private EventJson() {
    }

    /** The configured mapper, for code that needs Jackson itself (do not reconfigure it). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static byte[] write(ContractEvent event) {
        try {
            return MAPPER.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + event.getClass().getSimpleName(), e);
        }
    }

    public static String writeString(ContractEvent event) {
        try {
            return MAPPER.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + event.getClass().getSimpleName(), e);
        }
    }

    /**
     * Reads and validates one event. A chat message, the one read for every message sent, is read in
     * one pass ({@link ChatMessageReader}); the other types through a JSON tree.
     *
     * @throws EventFormatException if the bytes are not a valid event of that type and version
     */
    public static <T extends ContractEvent> T read(byte[] json, Class<T> type) {
        if (type != ChatMessageEvent.class) {
            return readTree(json, type);
        }
        requireBytes(json);
        ChatMessageEvent event = CHAT_MESSAGES.read(json);
        validate(event);
        return type.cast(event);
    }

    /** Reads an event through a JSON tree: the required-field checks, then Jackson's binding. */
    static <T extends ContractEvent> T readTree(byte[] json, Class<T> type) {
        Spec spec = SPECS.get(type);
        if (spec == null) {
            throw new IllegalArgumentException("not an event type of the contract: " + type);
        }
        requireBytes(json);
        JsonNode tree;
        try {
            tree = MAPPER.readTree(json);
        } catch (IOException e) {
            throw new EventFormatException(Reason.MALFORMED_JSON, "not JSON: " + firstLine(e.getMessage()), e);
        }
        if (tree == null || !tree.isObject()) {
            throw new EventFormatException(Reason.MALFORMED_JSON, "not a JSON object");
        }
        JsonNode version = tree.get("schemaVersion");
        if (version == null || !version.isIntegralNumber() || version.asInt() != spec.schemaVersion()) {
            throw new EventFormatException(Reason.UNSUPPORTED_SCHEMA_VERSION,
                    "schemaVersion " + version + " is not " + spec.schemaVersion());
        }
        for (String field : spec.required()) {
            JsonNode value = tree.get(field);
            if (value == null || value.isNull()) {
                throw new EventFormatException(Reason.MISSING_FIELD, "missing field " + field);
            }
        }
        T event;
        try {
            event = MAPPER.treeToValue(tree, type);
        } catch (IOException | IllegalArgumentException e) {
            throw new EventFormatException(Reason.MALFORMED_JSON, "wrong shape: " + firstLine(e.getMessage()), e);
        }
        validate(event);
        return event;
    }

    private static void requireBytes(byte[] json) {
        if (json == null || json.length == 0) {
            throw new EventFormatException(Reason.MALFORMED_JSON, "empty record value");
        }
    }

    private static void validate(ContractEvent event) {
        if (event instanceof ChatMessageEvent m) {
            requireUuid("id", m.id());
            requireLength("roomId", m.roomId(), ChatMessageEvent.MAX_ID_LENGTH);
            requireLength("senderId", m.senderId(), ChatMessageEvent.MAX_ID_LENGTH);
            requireLength("nodeId", m.nodeId(), ChatMessageEvent.MAX_ID_LENGTH);
            requireLength("body", m.body(), ChatMessageEvent.MAX_BODY_LENGTH);
            if (m.clientMsgId() != null) {
                requireLength("clientMsgId", m.clientMsgId(), ChatMessageEvent.MAX_CLIENT_MSG_ID_LENGTH);
            }
            if (m.body().indexOf('\u0000') >= 0) {
                throw new EventFormatException(Reason.INVALID_FIELD, "body contains U+0000");
            }
            if (m.seq() < 0) {
                throw new EventFormatException(Reason.INVALID_FIELD, "seq is negative");
            }
        } else if (event instanceof UserEvent u && u.type() != null) {
            // type == null: an enum constant added later; consumers skip such events
            boolean needsRoom = u.type() == UserEvent.Type.JOINED || u.type() == UserEvent.Type.LEFT
                    || u.type() == UserEvent.Type.READ;
            if (needsRoom && u.roomId() == null) {
                throw new EventFormatException(Reason.MISSING_FIELD, "missing field roomId for " + u.type());
            }
            if (u.type() == UserEvent.Type.READ && u.lastReadSeq() == null) {
                throw new EventFormatException(Reason.MISSING_FIELD, "missing field lastReadSeq for READ");
            }
            requireLength("userId", u.userId(), ChatMessageEvent.MAX_ID_LENGTH);
            if (u.roomId() != null) {
                requireLength("roomId", u.roomId(), ChatMessageEvent.MAX_ID_LENGTH);
            }
        } else if (event instanceof MembershipEvent e) {
            requireUuid("groupId", e.groupId());
        }
    }

    private static void requireUuid(String field, String value) {
        try {
            UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw new EventFormatException(Reason.INVALID_FIELD, field + " is not a UUID");
        }
    }

    private static void requireLength(String field, String value, int max) {
        if (value.isEmpty() || value.length() > max) {
            throw new EventFormatException(Reason.INVALID_FIELD,
                    field + " length " + value.length() + " is not within 1.." + max);
        }
    }

    static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
