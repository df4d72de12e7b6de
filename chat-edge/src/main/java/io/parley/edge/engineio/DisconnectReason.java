package io.parley.edge.engineio;

/** Named reasons a session or socket ends; the strings are those Socket.IO reports. */
public final class DisconnectReason {
    public static final String TRANSPORT_CLOSE = "transport close";
    public static final String TRANSPORT_ERROR = "transport error";
    public static final String PING_TIMEOUT = "ping timeout";
    public static final String PARSE_ERROR = "parse error";
    public static final String PAYLOAD_TOO_LARGE = "payload too large";
    public static final String SLOW_CLIENT = "slow client";
    public static final String FORCED_CLOSE = "forced close";
    public static final String SERVER_SHUTTING_DOWN = "server shutting down";
    public static final String CONNECT_TIMEOUT = "connect timeout";
    public static final String CLIENT_NAMESPACE_DISCONNECT = "client namespace disconnect";
    public static final String SERVER_NAMESPACE_DISCONNECT = "server namespace disconnect";

    private DisconnectReason() {
    }
}
