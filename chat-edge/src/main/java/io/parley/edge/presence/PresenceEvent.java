package io.parley.edge.presence;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The {@code presence} event: a user entered ({@code online}) or left ({@code offline}) the online
 * members of a room. {@code reason}: {@code join}, {@code leave}, {@code disconnect} or
 * {@code node-down}.
 */
public record PresenceEvent(String roomId, String userId, String status, String reason) {

    public static final String EVENT = "presence";
    public static final String ONLINE = "online";
    public static final String OFFLINE = "offline";
    public static final String REASON_JOIN = "join";
    public static final String REASON_LEAVE = "leave";
    public static final String REASON_DISCONNECT = "disconnect";
    public static final String REASON_NODE_DOWN = "node-down";

    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("roomId", roomId);
        json.put("userId", userId);
        json.put("status", status);
        json.put("reason", reason);
        return json;
    }
}
