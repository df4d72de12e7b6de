package io.parley.edge.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;

class ChatRequestsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The defaults of parley.chat.*. */
    private final ChatRequests requests = new ChatRequests(Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}"),
            4000, 64);

    private static ArrayNode args(String json) {
        try {
            return (ArrayNode) JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(json, e);
        }
    }

    private static void assertCode(ErrorCode expected, Executable call) {
        ChatException e = assertThrows(ChatException.class, call);
        assertEquals(expected, e.code(), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = { "general", "r1", "team.dev", "proj:42", "a@b", "x-y_z", "A" })
    void acceptsValidRoomIds(String roomId) {
        assertEquals(roomId, requests.room(args("[{\"roomId\":\"" + roomId + "\"}]")).roomId());
    }

    @Test
    void acceptsLongestRoomId() {
        String roomId = "r".repeat(128);
        assertEquals(roomId, requests.room(args("[{\"roomId\":\"" + roomId + "\"}]")).roomId());
        assertCode(ErrorCode.BAD_REQUEST, () -> requests.room(args("[{\"roomId\":\"" + roomId + "x\"}]")));
    }

    @ParameterizedTest
    @ValueSource(strings = { "[]", "[\"general\"]", "[null]", "[[]]", "[{}]", "[{\"roomId\":null}]",
            "[{\"roomId\":42}]", "[{\"roomId\":\"\"}]", "[{\"roomId\":\"has space\"}]",
            "[{\"roomId\":\"-leading-dash\"}]", "[{\"roomId\":\"sl/ash\"}]", "[{\"roomId\":\"caf\u00e9\"}]" })
    void rejectsBadRoomPayloadsAsBadRequest(String payload) {
        assertCode(ErrorCode.BAD_REQUEST, () -> requests.room(args(payload)));
    }

    @Test
    void userRoomsAreForbidden() {
        assertCode(ErrorCode.FORBIDDEN, () -> requests.room(args("[{\"roomId\":\"user:bob\"}]")));
        assertCode(ErrorCode.FORBIDDEN, () -> requests.send(args("[{\"roomId\":\"user:bob\",\"body\":\"hi\"}]")));
        assertCode(ErrorCode.FORBIDDEN, () -> requests.typing(args("[{\"roomId\":\"user:bob\",\"typing\":true}]")));
        // only the exact prefix is reserved
        assertEquals("users:all", requests.room(args("[{\"roomId\":\"users:all\"}]")).roomId());
    }

    @Test
    void parsesASend() {
        ChatRequests.SendRequest send = requests.send(
                args("[{\"roomId\":\"general\",\"body\":\"hello \uD83D\uDC4B\",\"clientMsgId\":\"c-1\"}]"));
        assertEquals("general", send.roomId());
        assertEquals("hello \uD83D\uDC4B", send.body());
        assertEquals("c-1", send.clientMsgId());
    }

    @Test
    void clientMsgIdIsOptional() {
        assertNull(requests.send(args("[{\"roomId\":\"general\",\"body\":\"hi\"}]")).clientMsgId());
        assertNull(requests.send(args("[{\"roomId\":\"general\",\"body\":\"hi\",\"clientMsgId\":null}]"))
                .clientMsgId());
    }

    @ParameterizedTest
    @ValueSource(strings = { "[{\"roomId\":\"general\"}]", "[{\"roomId\":\"general\",\"body\":\"\"}]",
            "[{\"roomId\":\"general\",\"body\":\"   \"}]", "[{\"roomId\":\"general\",\"body\":42}]",
            "[{\"roomId\":\"general\",\"body\":{\"text\":\"hi\"}}]",
            "[{\"roomId\":\"general\",\"body\":\"hi\",\"clientMsgId\":\"\"}]",
            "[{\"roomId\":\"general\",\"body\":\"hi\",\"clientMsgId\":7}]", "[{\"body\":\"hi\"}]", "[]" })
    void rejectsBadSendsAsBadRequest(String payload) {
        assertCode(ErrorCode.BAD_REQUEST, () -> requests.send(args(payload)));
    }

    @Test
    void bodyLimitIs4000Characters() {
        String max = "x".repeat(4000);
        assertEquals(max, requests.send(args("[{\"roomId\":\"general\",\"body\":\"" + max + "\"}]")).body());
        ChatException e = assertThrows(ChatException.class,
                () -> requests.send(args("[{\"roomId\":\"general\",\"body\":\"" + max + "x\"}]")));
        assertEquals(ErrorCode.TOO_LARGE, e.code());
        assertTrue(e.getMessage().contains("4000"), e.getMessage());
    }

    @Test
    void clientMsgIdLimitIs64Characters() {
        String max = "c".repeat(64);
        assertEquals(max, requests.send(args("[{\"roomId\":\"g\",\"body\":\"hi\",\"clientMsgId\":\"" + max + "\"}]"))
                .clientMsgId());
        assertCode(ErrorCode.BAD_REQUEST,
                () -> requests.send(args("[{\"roomId\":\"g\",\"body\":\"hi\",\"clientMsgId\":\"" + max + "c\"}]")));
    }

    @Test
    void parsesTyping() {
        assertTrue(requests.typing(args("[{\"roomId\":\"general\",\"typing\":true}]")).typing());
        assertEquals(false, requests.typing(args("[{\"roomId\":\"general\",\"typing\":false}]")).typing());
    }

    @ParameterizedTest
    @ValueSource(strings = { "[{\"roomId\":\"general\"}]", "[{\"roomId\":\"general\",\"typing\":\"true\"}]",
            "[{\"roomId\":\"general\",\"typing\":1}]", "[{\"roomId\":\"general\",\"typing\":null}]",
            "[{\"typing\":true}]" })
    void rejectsBadTypingAsBadRequest(String payload) {
        assertCode(ErrorCode.BAD_REQUEST, () -> requests.typing(args(payload)));
    }
}
