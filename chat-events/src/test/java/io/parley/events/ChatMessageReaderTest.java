package io.parley.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.parley.events.EventFormatException.Reason;

/**
 * The one-pass chat message reader decides as the tree reader does (EventJson's path for the other
 * event types): same event or same reason, on valid messages and on every kind of broken one.
 */
class ChatMessageReaderTest {

    private static final String ID = "0190f5a2-7c3e-7a01-8b2c-1234567890ab";

    /** A valid message as the edge writes it, field by field (values as JSON text). */
    private static Map<String, String> valid() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("schemaVersion", "1");
        fields.put("id", "\"" + ID + "\"");
        fields.put("roomId", "\"room-1\"");
        fields.put("seq", "42");
        fields.put("senderId", "\"alice\"");
        fields.put("body", "\"h\\u00e9llo \\\"you\\\" \u00e9 \ud83d\udc4b\"");
        fields.put("clientMsgId", "\"c-1\"");
        fields.put("ts", "1720000000123");
        fields.put("nodeId", "\"edge-1\"");
        fields.put("retracted", "false");
        return fields;
    }

    private static String json(Map<String, String> fields) {
        StringBuilder out = new StringBuilder("{");
        fields.forEach((name, value) -> {
            if (out.length() > 1) {
                out.append(',');
            }
            out.append('"').append(name).append("\":").append(value);
        });
        return out.append('}').toString();
    }

    /** The JSON type of each typed field. */
    private static final Map<String, String> TYPES = Map.of("id", "string", "roomId", "string", "seq", "integer",
            "senderId", "string", "body", "string", "clientMsgId", "string", "ts", "integer", "nodeId", "string",
            "retracted", "boolean");

    private static String jsonType(String value) {
        if (value.startsWith("\"")) {
            return "string";
        }
        if (value.equals("true") || value.equals("false")) {
            return "boolean";
        }
        return value.matches("-?[0-9]+") ? "integer" : value.equals("null") ? "null" : "other";
    }

    /**
     * Valid messages and every way of breaking one that the edge could not write but a stranger could;
     * {@code retyped} holds those where a field has a value of another JSON type.
     */
    private static List<String> corpus(List<String> retyped) {
        List<String> corpus = new ArrayList<>();
        corpus.add(json(valid()));
        corpus.add(EventJson.writeString(ChatMessageEvent.of(ID, "r", 0, "s", "b", null, 0, "n")));
        corpus.add(EventJson.writeString(ChatMessageEvent.of(ID, "r", Long.MAX_VALUE, "s", "x", "c", 1, "n")
                .asRetraction()));
        for (String field : valid().keySet()) {
            Map<String, String> absent = valid();
            absent.remove(field);
            corpus.add(json(absent));
            for (String value : List.of("null", "\"7\"", "7", "7.5", "true", "[1]", "{\"a\":[{}]}", "\"\"",
                    "99999999999999999999", "-1", "\"" + "x".repeat(ChatMessageEvent.MAX_BODY_LENGTH + 1) + "\"")) {
                Map<String, String> changed = valid();
                changed.put(field, value);
                corpus.add(json(changed));
                String type = jsonType(value);
                if (TYPES.containsKey(field) && !type.equals("null") && !type.equals(TYPES.get(field))) {
                    retyped.add(json(changed));
                }
            }
        }
        Map<String, String> extra = valid();
        extra.put("reactions", "{\"+1\":[\"bob\",{\"deep\":[null,1.5e3]}]}");
        extra.put("note", "\"ignored\"");
        corpus.add(json(extra));
        corpus.add("{\"note\":1," + json(valid()).substring(1));
        corpus.add("{\"reactions\":" + extra.get("reactions") + "," + json(valid()).substring(1));
        Map<String, String> nulByte = valid();
        nulByte.put("body", "\"a\\u0000b\"");
        corpus.add(json(nulByte));
        // a later copy of a field replaces the earlier one, in both directions
        corpus.add(json(valid()).replace("\"seq\":42", "\"seq\":\"x\",\"seq\":42"));
        corpus.add(json(valid()).replace("\"seq\":42", "\"seq\":42,\"seq\":null"));
        corpus.add(json(valid()).replace("\"id\":", "\"id\":\"nope\",\"id\":"));
        corpus.add(json(valid()) + " trailing");
        for (String broken : List.of("", "{", "{\"schemaVersion\":1", "[" + json(valid()) + "]", "\"text\"", "1",
                "null", "{not json}", json(valid()).replace("\"ts\":", "\"ts\""), "{\"schemaVersion\":1,}",
                "{\"schemaVersion\":2}", "{\"schemaVersion\":\"1\"}", "{\"schemaVersion\":1.0}", "{}")) {
            corpus.add(broken);
        }
        return corpus;
    }

    /**
     * Same event or same reason. Where a field has a value of another JSON type, the one-pass reader
     * is stricter on purpose: the tree reader's verdict stands if it comes from an earlier check
     * (not JSON, version, missing field), and otherwise the value is MALFORMED_JSON, where Jackson's
     * binding would have coerced it (and maybe accepted the message).
     */
    @Test
    void decidesAsTheTreeReaderDoes() {
        List<String> retyped = new ArrayList<>();
        List<String> corpus = corpus(retyped);
        for (String json : corpus) {
            Outcome tree = outcome(() -> EventJson.readTree(utf8(json), ChatMessageEvent.class));
            Outcome onePass = outcome(() -> EventJson.read(utf8(json), ChatMessageEvent.class));
            Outcome expected = tree;
            if (retyped.contains(json) && (tree.reason == null || tree.reason == Reason.INVALID_FIELD)) {
                expected = new Outcome(null, Reason.MALFORMED_JSON);
            }
            assertEquals(expected, onePass, json);
        }
        assertTrue(corpus.size() > 100 && retyped.size() > 40, corpus.size() + " inputs, " + retyped.size() + " retyped");
    }

    @Test
    void valuesOfAnotherTypeAreNotCoerced() {
        for (String[] change : new String[][] { { "seq", "\"42\"" }, { "seq", "42.0" }, { "ts", "\"1\"" },
                { "roomId", "7" }, { "body", "true" }, { "retracted", "\"true\"" }, { "retracted", "1" } }) {
            Map<String, String> fields = valid();
            fields.put(change[0], change[1]);
            EventFormatException e = assertThrows(EventFormatException.class,
                    () -> EventJson.read(utf8(json(fields)), ChatMessageEvent.class));
            assertEquals(Reason.MALFORMED_JSON, e.reason(), change[0] + "=" + change[1]);
            assertTrue(e.getMessage().contains(change[0]), e.getMessage());
        }
    }

    @Test
    void readsEveryField() {
        ChatMessageEvent event = EventJson.read(utf8(json(valid())), ChatMessageEvent.class);
        assertEquals(ChatMessageEvent.of(ID, "room-1", 42, "alice", "h\u00e9llo \"you\" \u00e9 \ud83d\udc4b", "c-1",
                1_720_000_000_123L, "edge-1"), event);
        Map<String, String> retraction = valid();
        retraction.put("retracted", "true");
        assertTrue(EventJson.read(utf8(json(retraction)), ChatMessageEvent.class).retracted());
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private record Outcome(ChatMessageEvent event, Reason reason) {
    }

    private static Outcome outcome(java.util.function.Supplier<ChatMessageEvent> read) {
        try {
            return new Outcome(read.get(), null);
        } catch (EventFormatException e) {
            return new Outcome(null, e.reason());
        }
    }
}
