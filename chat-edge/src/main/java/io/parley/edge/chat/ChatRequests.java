package io.parley.edge.chat;

import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;

import io.parley.edge.config.ChatConfig;

/**
 * Parses and validates the payloads of client events into wire records; every violation is a
 * {@link ChatException} with a documented code.
 */
public final class ChatRequests {

    /** {@code room:join} / {@code room:leave} payload. */
    public record RoomRequest(String roomId) {
    }

    /** {@code message:send} payload. */
    public record SendRequest(String roomId, String body, String clientMsgId) {
    }

    /** {@code typing} payload. */
    public record TypingRequest(String roomId, boolean typing) {
    }

    /** {@code room:read} payload: the highest seq the user has read. */
    public record ReadRequest(String roomId, long seq) {
    }

    /** {@code room:history} payload: messages older than {@code beforeSeq} (newest when null). */
    public record HistoryRequest(String roomId, Long beforeSeq, int limit) {
    }

    /** Rooms whose names start with this are the server's own (one per user) and cannot be joined. */
    public static final String USER_ROOM_PREFIX = "user:";

    private final Pattern roomId;
    private final int maxBodyLength;
    private final int maxClientMsgIdLength;

    public ChatRequests(ChatConfig config) {
        this(Pattern.compile(config.roomIdPattern()), config.maxBodyLength(), config.maxClientMsgIdLength());
    }

    public ChatRequests(Pattern roomId, int maxBodyLength, int maxClientMsgIdLength) {
        this.roomId = roomId;
        this.maxBodyLength = maxBodyLength;
        this.maxClientMsgIdLength = maxClientMsgIdLength;
    }

    public RoomRequest room(ArrayNode args) {
        return new RoomRequest(roomId(payload(args)));
    }

    public SendRequest send(ArrayNode args) {
        JsonNode payload = payload(args);
        String room = roomId(payload);
        JsonNode body = payload.get("body");
        if (body == null || !body.isTextual() || body.textValue().isBlank()) {
            throw new ChatException(ErrorCode.BAD_REQUEST, "body must be a non-empty string");
        }
        if (body.textValue().length() > maxBodyLength) {
            throw new ChatException(ErrorCode.TOO_LARGE, "body is longer than " + maxBodyLength + " characters");
        }
        JsonNode clientMsgId = payload.get("clientMsgId");
        String id = null;
        if (clientMsgId != null && !clientMsgId.isNull()) {
            if (!clientMsgId.isTextual() || clientMsgId.textValue().isEmpty()
                    || clientMsgId.textValue().length() > maxClientMsgIdLength) {
                throw new ChatException(ErrorCode.BAD_REQUEST,
                        "clientMsgId must be a string of 1 to " + maxClientMsgIdLength + " characters");
            }
            id = clientMsgId.textValue();
        }
        return new SendRequest(room, body.textValue(), id);
    }

    public TypingRequest typing(ArrayNode args) {
        JsonNode payload = payload(args);
        String room = roomId(payload);
        JsonNode typing = payload.get("typing");
        if (typing == null || !typing.isBoolean()) {
            throw new ChatException(ErrorCode.BAD_REQUEST, "typing must be true or false");
        }
        return new TypingRequest(room, typing.booleanValue());
    }

    public ReadRequest read(ArrayNode args) {
        JsonNode payload = payload(args);
        String room = roomId(payload);
        JsonNode seq = payload.get("seq");
        if (seq == null || !seq.canConvertToLong() || !seq.isIntegralNumber() || seq.longValue() < 0) {
            throw new ChatException(ErrorCode.BAD_REQUEST, "seq must be a non-negative integer");
        }
        return new ReadRequest(room, seq.longValue());
    }

    public HistoryRequest history(ArrayNode args) {
        JsonNode payload = payload(args);
        String room = roomId(payload);
        Long before = null;
        JsonNode beforeSeq = payload.get("beforeSeq");
        if (beforeSeq != null && !beforeSeq.isNull()) {
            if (!beforeSeq.isIntegralNumber() || !beforeSeq.canConvertToLong() || beforeSeq.longValue() < 1) {
                throw new ChatException(ErrorCode.BAD_REQUEST, "beforeSeq must be a positive integer");
            }
            before = beforeSeq.longValue();
        }
        int limit = 50;
        JsonNode limitNode = payload.get("limit");
        if (limitNode != null && !limitNode.isNull()) {
            if (!limitNode.isInt() || limitNode.intValue() < 1 || limitNode.intValue() > 200) {
                throw new ChatException(ErrorCode.BAD_REQUEST, "limit must be an integer from 1 to 200");
            }
            limit = limitNode.intValue();
        }
        return new HistoryRequest(room, before, limit);
    }

    private static JsonNode payload(ArrayNode args) {
        if (args.isEmpty() || !args.get(0).isObject()) {
            throw new ChatException(ErrorCode.BAD_REQUEST, "the first argument must be an object");
        }
        return args.get(0);
    }

    private String roomId(JsonNode payload) {
        JsonNode room = payload.get("roomId");
        if (room == null || !room.isTextual() || !roomId.matcher(room.textValue()).matches()) {
            throw new ChatException(ErrorCode.BAD_REQUEST, "roomId must match " + roomId.pattern());
        }
        if (room.textValue().startsWith(USER_ROOM_PREFIX)) {
            throw new ChatException(ErrorCode.FORBIDDEN, "rooms starting with '" + USER_ROOM_PREFIX
                    + "' are reserved");
        }
        return room.textValue();
    }
}
