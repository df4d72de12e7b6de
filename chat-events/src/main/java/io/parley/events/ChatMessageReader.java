package io.parley.events;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.InputCoercionException;

import io.parley.events.EventFormatException.Reason;

/**
 * Reads a {@link ChatMessageEvent} in one pass over the bytes, for the consumers' hot path (every
 * chat message is read by the persister, insights and the notifier). It decides as the tree-based
 * {@link EventJson#read} does for every other event type, in the same order: not JSON or not an
 * object, then the schemaVersion, then the required fields (absent or null), then the shape, then
 * {@code EventJson}'s limits. One difference, on purpose: scalars are not coerced. A string field
 * must be a JSON string, {@code seq} and {@code ts} JSON integers, {@code retracted} a JSON boolean;
 * anything else is {@link Reason#MALFORMED_JSON} (Jackson's binding would turn {@code 5.7} into 5
 * and {@code 12} into {@code "12"}). The edge writes every field with its own type. Thread-safe.
 */
final class ChatMessageReader {

    private final JsonFactory factory;
    /** Indexes into {@link Fields#NAMES} of the required fields, in the order they are checked. */
    private final int[] required;

    /** @param required the required fields, by name, in the order they are checked (EventJson's list) */
    ChatMessageReader(JsonFactory factory, List<String> required) {
        this.factory = factory;
        this.required = required.stream().mapToInt(name -> List.of(Fields.NAMES).indexOf(name)).toArray();
        if (Arrays.stream(this.required).anyMatch(i -> i < 0)) {
            throw new IllegalArgumentException("not a field of ChatMessageEvent in " + required);
        }
    }

    /** Reads the fields; {@link EventJson} checks the limits afterwards. */
    ChatMessageEvent read(byte[] json) {
        Fields f = new Fields(required);
        try (JsonParser p = factory.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new EventFormatException(Reason.MALFORMED_JSON, "not a JSON object");
            }
            for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
                f.read(name, p.nextToken(), p);
            }
        } catch (IOException e) {
            throw new EventFormatException(Reason.MALFORMED_JSON, "not JSON: " + EventJson.firstLine(e.getMessage()),
                    e);
        }
        return f.toEvent();
    }

    /** The fields as read, by index: null where absent or JSON null, or present with the wrong type. */
    private static final class Fields {
        private static final String[] NAMES = { "id", "roomId", "seq", "senderId", "body", "clientMsgId", "ts",
                "nodeId", "retracted" };
        private static final int ID = 0, ROOM = 1, SEQ = 2, SENDER = 3, BODY = 4, CLIENT_MSG_ID = 5, TS = 6,
                NODE = 7, RETRACTED = 8;

        private String version = "null";
        private boolean versionOk;
        private final Object[] values = new Object[NAMES.length];
        /** What is wrong with a field present with the wrong type; a later copy of the field replaces it. */
        private final String[] wrongShape = new String[NAMES.length];
        private final int[] required;

        Fields(int[] required) {
            this.required = required;
        }

        void read(String name, JsonToken token, JsonParser p) throws IOException {
            switch (name) {
                case "schemaVersion" -> {
                    versionOk = token == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT
                            && p.getIntValue() == ChatMessageEvent.SCHEMA_VERSION;
                    version = token.isScalarValue() ? p.getText() : token.asString();
                    p.skipChildren();
                }
                case "id" -> string(ID, token, p);
                case "roomId" -> string(ROOM, token, p);
                case "seq" -> integer(SEQ, token, p);
                case "senderId" -> string(SENDER, token, p);
                case "body" -> string(BODY, token, p);
                case "clientMsgId" -> string(CLIENT_MSG_ID, token, p);
                case "ts" -> integer(TS, token, p);
                case "nodeId" -> string(NODE, token, p);
                case "retracted" -> bool(RETRACTED, token, p);
                default -> p.skipChildren();
            }
        }

        private void string(int field, JsonToken token, JsonParser p) throws IOException {
            if (token == JsonToken.VALUE_STRING) {
                set(field, p.getText());
            } else {
                wrong(field, "a string", token, p);
            }
        }

        private void integer(int field, JsonToken token, JsonParser p) throws IOException {
            if (token != JsonToken.VALUE_NUMBER_INT) {
                wrong(field, "an integer", token, p);
                return;
            }
            try {
                set(field, p.getLongValue());
            } catch (InputCoercionException e) {
                wrong(field, "a 64-bit integer", token, p);
            }
        }

        private void bool(int field, JsonToken token, JsonParser p) throws IOException {
            if (token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE) {
                set(field, token == JsonToken.VALUE_TRUE);
            } else {
                wrong(field, "a boolean", token, p);
            }
        }

        private void set(int field, Object value) {
            values[field] = value;
            wrongShape[field] = null;
        }

        /** JSON null reads as absent, as in the tree reader; any other type is a shape error. */
        private void wrong(int field, String expected, JsonToken token, JsonParser p) throws IOException {
            values[field] = null;
            wrongShape[field] = token == JsonToken.VALUE_NULL ? null : NAMES[field] + " is not " + expected;
            p.skipChildren();
        }

        ChatMessageEvent toEvent() {
            if (!versionOk) {
                throw new EventFormatException(Reason.UNSUPPORTED_SCHEMA_VERSION,
                        "schemaVersion " + version + " is not " + ChatMessageEvent.SCHEMA_VERSION);
            }
            for (int field : required) {
                if (values[field] == null && wrongShape[field] == null) {
                    throw new EventFormatException(Reason.MISSING_FIELD, "missing field " + NAMES[field]);
                }
            }
            for (String wrong : wrongShape) {
                if (wrong != null) {
                    throw new EventFormatException(Reason.MALFORMED_JSON, "wrong shape: " + wrong);
                }
            }
            return new ChatMessageEvent(ChatMessageEvent.SCHEMA_VERSION, (String) values[ID], (String) values[ROOM],
                    (Long) values[SEQ], (String) values[SENDER], (String) values[BODY],
                    (String) values[CLIENT_MSG_ID], (Long) values[TS], (String) values[NODE],
                    (Boolean) values[RETRACTED]);
        }
    }
}
