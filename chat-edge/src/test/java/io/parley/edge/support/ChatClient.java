package io.parley.edge.support;

import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.json.JSONException;
import org.json.JSONObject;

import io.socket.client.IO;
import io.socket.client.Socket;

/** A real Socket.IO client (the Java client, over WebSocket) speaking the chat API as a user. */
public final class ChatClient implements AutoCloseable {

    private final Socket socket;
    private final List<JSONObject> presence = new CopyOnWriteArrayList<>();
    private final List<JSONObject> messages = new CopyOnWriteArrayList<>();

    private ChatClient(Socket socket) {
        this.socket = socket;
    }

    public static ChatClient connect(URI server, String userId) {
        IO.Options options = IO.Options.builder()
                .setAuth(Map.of("userId", userId))
                .setTransports(new String[] { "websocket" })
                .setReconnection(false)
                .setForceNew(true)
                .build();
        Socket socket = IO.socket(server, options);
        ChatClient client = new ChatClient(socket);
        socket.on("presence", args -> client.presence.add((JSONObject) args[0]));
        socket.on("message:new", args -> client.messages.add((JSONObject) args[0]));
        socket.connect();
        await().atMost(Duration.ofSeconds(10)).until(socket::connected);
        return client;
    }

    /** The socket id the server gave this socket. */
    public String id() {
        return socket.id();
    }

    /** Emits a chat event and waits for its ack. */
    public JSONObject call(String event, JSONObject payload) {
        CompletableFuture<JSONObject> ack = new CompletableFuture<>();
        socket.emit(event, new Object[] { payload }, args -> ack.complete((JSONObject) args[0]));
        try {
            return ack.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("no ack for " + event + " " + payload, e);
        }
    }

    public JSONObject join(String roomId) {
        return call("room:join", json("roomId", roomId));
    }

    public JSONObject leave(String roomId) {
        return call("room:leave", json("roomId", roomId));
    }

    public JSONObject members(String roomId) {
        return call("room:members", json("roomId", roomId));
    }

    public JSONObject send(String roomId, String body) {
        JSONObject payload = json("roomId", roomId);
        try {
            payload.put("body", body);
        } catch (JSONException e) {
            throw new IllegalArgumentException(e);
        }
        return call("message:send", payload);
    }

    /** The message:new events received so far, in arrival order. */
    public List<JSONObject> messages() {
        return List.copyOf(messages);
    }

    /** The presence events received so far. */
    public List<JSONObject> presence() {
        return List.copyOf(presence);
    }

    /** The presence events received about one user in one room, as "status/reason". */
    public List<String> presenceOf(String roomId, String userId) {
        return presence.stream()
                .filter(e -> roomId.equals(e.optString("roomId")) && userId.equals(e.optString("userId")))
                .map(e -> e.optString("status") + "/" + e.optString("reason"))
                .toList();
    }

    public static JSONObject json(String key, Object value) {
        try {
            return new JSONObject().put(key, value);
        } catch (JSONException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** User ids listed in a room:members ack. */
    public static List<String> memberIds(JSONObject ack) {
        try {
            var members = ack.getJSONArray("members");
            List<String> ids = new java.util.ArrayList<>();
            for (int i = 0; i < members.length(); i++) {
                ids.add(members.getJSONObject(i).getString("userId"));
                if (!"online".equals(members.getJSONObject(i).getString("status"))) {
                    throw new AssertionError("member not online: " + members.getJSONObject(i));
                }
            }
            return ids;
        } catch (JSONException e) {
            throw new AssertionError("not a members ack: " + ack, e);
        }
    }

    /** error.code of a failed ack, or null for ok:true. */
    public static String errorCode(JSONObject ack) {
        JSONObject error = ack.optJSONObject("error");
        return error == null ? null : error.optString("code");
    }

    /** error.retryAfterMs of a failed ack, or -1. */
    public static long retryAfterMs(JSONObject ack) {
        JSONObject error = ack.optJSONObject("error");
        return error == null ? -1 : error.optLong("retryAfterMs", -1);
    }

    @Override
    public void close() {
        socket.disconnect();
        socket.close();
    }
}
