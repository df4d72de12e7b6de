package io.parley.edge.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.vertx.redis.client.Request;

/** The layout of a batched send script call, as Redis receives it. */
class SendScriptTest {

    private final SendScript script = new SendScript(64, 120_000, 300_000);

    private static SendScript.Message message(String room, String dedupKey, String id) {
        return new SendScript.Message("parley:seq:{" + room + "}", "parley:log:{" + room + "}", dedupKey,
                "socket.io#/#" + room + "#", ("payload-" + id).getBytes(StandardCharsets.UTF_8), 7, id, 1000L);
    }

    /** The command's words, decoded from the RESP array Redis reads. */
    private static List<String> words(Request request) {
        // toString() is the command as encoded for Redis
        String resp = request.toString();
        List<String> words = new ArrayList<>();
        String[] lines = resp.split("\r\n", -1);
        assertTrue(lines[0].startsWith("*"));
        for (int i = 1; i + 1 < lines.length; i += 2) {
            assertTrue(lines[i].startsWith("$"), lines[i]);
            words.add(words.isEmpty() ? lines[i + 1].toLowerCase() : lines[i + 1]);
        }
        assertEquals(Integer.parseInt(lines[0].substring(1)), words.size());
        return words;
    }

    @Test
    void messagesAndMarksAreLaidOutAsTheScriptReadsThem() {
        List<String> words = words(script.request(
                List.of(message("a", "parley:dedup:{a}:u:c1", "m1"), message("b", null, "m2")),
                List.of(new SendScript.Mark("parley:dedup:{c}:u:c9", "done|m0|3|999"),
                        new SendScript.Mark("parley:dedup:{c}:u:c8", null))));
        assertEquals(List.of("evalsha", SendScript.SHA, "8",
                // keys: per message sequence, log, dedup (the sequence again without one); then the marks
                "parley:seq:{a}", "parley:log:{a}", "parley:dedup:{a}:u:c1",
                "parley:seq:{b}", "parley:log:{b}", "parley:seq:{b}",
                "parley:dedup:{c}:u:c9", "parley:dedup:{c}:u:c8",
                // messages, replay size, replay ttl, dedup window, marks
                "2", "64", "120000", "300000", "2",
                "socket.io#/#a#", "payload-m1", "7", "1", "m1", "1000",
                "socket.io#/#b#", "payload-m2", "7", "0", "m2", "1000",
                "done|m0|3|999", ""), words);
    }

    @Test
    void withBodyCarriesTheScriptTextInsteadOfItsHash() {
        List<String> words = words(script.withBody(List.of(message("a", null, "m1")), List.of()));
        assertEquals("eval", words.get(0).toLowerCase());
        assertTrue(words.get(1).contains("redis.call('INCR'"));
        assertEquals(words.subList(2, words.size()),
                words(script.request(List.of(message("a", null, "m1")), List.of())).subList(2, words.size()));
    }

    @Test
    void theHashIsTheScriptsSha1() {
        assertEquals(40, SendScript.SHA.length());
        assertTrue(SendScript.SHA.matches("[0-9a-f]+"));
    }

    @Test
    void onlyNoScriptErrorsAskForTheScriptText() {
        assertTrue(SendScript.isNoScript(new RuntimeException("NOSCRIPT No matching script. Please use EVAL.")));
        assertFalse(SendScript.isNoScript(new RuntimeException("ERR wrong number of arguments")));
        assertFalse(SendScript.isNoScript(null));
    }
}
