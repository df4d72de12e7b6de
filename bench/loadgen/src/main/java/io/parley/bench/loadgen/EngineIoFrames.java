package io.parley.bench.loadgen;

/**
 * Encoding and decoding of the Engine.IO v4 / Socket.IO v5 text frames the load generator needs, over a
 * websocket-only session on the default namespace. One websocket text message carries exactly one
 * Engine.IO packet: a one-digit packet type, then data. An Engine.IO MESSAGE ('4') carries one Socket.IO
 * packet: a one-digit packet type, an optional ack id (digits), then JSON.
 *
 * <p>The decoding is deliberately narrow and allocation-light: the load generator receives up to hundreds of
 * thousands of frames a second and only needs the packet kind, the ack id and a few string fields.
 */
public final class EngineIoFrames {

    /** What a received text frame is. */
    public enum Kind {
        OPEN, CLOSE, PING, PONG, NOOP,
        SIO_CONNECT, SIO_DISCONNECT, SIO_EVENT, SIO_ACK, SIO_CONNECT_ERROR,
        UNKNOWN
    }

    private static final String BODY_KEY = "\"body\":\"";

    /** The Engine.IO pong, the answer to a server ping ("2"). */
    public static final String PONG = "3";

    private EngineIoFrames() {
    }

    /** The websocket URI of a websocket-only Engine.IO v4 session. */
    public static String websocketPath(String socketIoPath) {
        String path = socketIoPath.endsWith("/") ? socketIoPath : socketIoPath + "/";
        return path + "?EIO=4&transport=websocket";
    }

    public static Kind kindOf(CharSequence frame) {
        if (frame == null || frame.length() == 0) {
            return Kind.UNKNOWN;
        }
        switch (frame.charAt(0)) {
            case '0': return Kind.OPEN;
            case '1': return Kind.CLOSE;
            case '2': return Kind.PING;
            case '3': return Kind.PONG;
            case '6': return Kind.NOOP;
            case '4':
                if (frame.length() < 2) {
                    return Kind.UNKNOWN;
                }
                switch (frame.charAt(1)) {
                    case '0': return Kind.SIO_CONNECT;
                    case '1': return Kind.SIO_DISCONNECT;
                    case '2': return Kind.SIO_EVENT;
                    case '3': return Kind.SIO_ACK;
                    case '4': return Kind.SIO_CONNECT_ERROR;
                    default: return Kind.UNKNOWN;
                }
            default:
                return Kind.UNKNOWN;
        }
    }

    /** Socket.IO CONNECT to the default namespace with an auth payload, e.g. {@code 40{"userId":"u1"}}. */
    public static String connect(String userId) {
        return "40{\"userId\":\"" + userId + "\"}";
    }

    /** Socket.IO EVENT with one JSON argument and an ack id: {@code 42<ackId>["<event>",<json>]}. */
    public static String eventWithAck(int ackId, String event, String jsonArgument) {
        return new StringBuilder(event.length() + jsonArgument.length() + 16)
                .append("42").append(ackId).append("[\"").append(event).append("\",")
                .append(jsonArgument).append(']').toString();
    }

    /** The ack id of an ACK frame ({@code 43<id>[...]}), or -1 when it has none. */
    public static int ackId(CharSequence frame) {
        int i = 2;
        int n = frame.length();
        int id = 0;
        boolean any = false;
        while (i < n) {
            char c = frame.charAt(i);
            if (c < '0' || c > '9') {
                break;
            }
            id = id * 10 + (c - '0');
            any = true;
            i++;
        }
        return any ? id : -1;
    }

    /** Whether an EVENT frame without ack id on the default namespace is the named event. */
    public static boolean isEvent(CharSequence frame, String event) {
        // 42["<event>",
        int n = event.length();
        return frame.length() >= n + 6
                && startsWith(frame, "42[\"", 0)
                && startsWith(frame, event, 4)
                && frame.charAt(4 + n) == '"';
    }

    /** Whether an ACK frame carries {@code "ok":true}. */
    public static boolean ackIsOk(CharSequence frame) {
        return indexOf(frame, "\"ok\":true", 2) >= 0;
    }

    /**
     * The index of the first character of the value of a JSON string field ({@code "name":"value"}), or -1.
     * Works for compact JSON as produced by JSON.stringify and Jackson.
     */
    public static int stringFieldStart(CharSequence json, String name) {
        String key = "body".equals(name) ? BODY_KEY : "\"" + name + "\":\"";
        int at = indexOf(json, key, 0);
        return at < 0 ? -1 : at + key.length();
    }

    /** The raw (not unescaped) value of a JSON string field, or null when absent. */
    public static String stringField(CharSequence json, String name) {
        int start = stringFieldStart(json, name);
        if (start < 0) {
            return null;
        }
        int i = start;
        int n = json.length();
        while (i < n) {
            char c = json.charAt(i);
            if (c == '\\') {
                i += 2;
                continue;
            }
            if (c == '"') {
                return json.subSequence(start, i).toString();
            }
            i++;
        }
        return null;
    }

    /** Whether {@code text} holds {@code prefix} at {@code offset}. */
    static boolean startsWith(CharSequence text, String prefix, int offset) {
        int n = prefix.length();
        if (offset < 0 || offset + n > text.length()) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (text.charAt(offset + i) != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** The index of the first {@code needle} (not empty) in {@code text} at or after {@code from}, or -1. */
    static int indexOf(CharSequence text, String needle, int from) {
        if (text instanceof String) {
            return ((String) text).indexOf(needle, from);
        }
        char first = needle.charAt(0);
        for (int i = Math.max(from, 0); i <= text.length() - needle.length(); i++) {
            if (text.charAt(i) == first && startsWith(text, needle, i)) {
                return i;
            }
        }
        return -1;
    }
}
