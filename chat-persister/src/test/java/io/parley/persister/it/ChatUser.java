package io.parley.persister.it;

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

/**
 * A user of the chat as an app is one: the Java Socket.IO client over WebSocket, connected to an
 * edge node, keeping every {@code message:new} and {@code message:retracted} it receives.
 */
public final class ChatUser implements AutoCloseable {

    public static final Duration ACK_TIMEOUT = Duration.ofSeconds(15);

    private final String userId;
    private final Socket socket;
    private final List<JSONObject> received = new CopyOnWriteArrayList<>();
    private final List<JSONObject> retracted = new CopyOnWriteArrayList<>();

    private ChatUser(String userId, Socket socket) {
        this.userId = userId;
        this.socket = socket;
    }

    public static ChatUser connect(AppProcess edge, String userId) {
        return connect(edge.uri(), userId);
    }

    public static ChatUser connect(URI server, String userId) {
        IO.Options options = IO.Options.builder()
                .setAuth(Map.of("userId", userId))
                .setTransports(new String[] { "websocket" })
                .setReconnection(false)
                .setForceNew(true)
                .build();
        Socket socket = IO.socket(server, options);
        ChatUser user = new ChatUser(userId, socket);
        socket.on("message:new", args -> user.received.add((JSONObject) args[0]));
        socket.on("message:retracted", args -> user.retracted.add((JSONObject) args[0]));
        socket.connect();
        await(userId + " connected").atMost(Duration.ofSeconds(15)).until(socket::connected);
        return user;
    }

    public String userId() {
        return userId;
    }

    /** Emits an event; the future completes with its ack. */
    public CompletableFuture<JSONObject> emit(String event, JSONObject payload) {
        CompletableFuture<JSONObject> ack = new CompletableFuture<>();
        socket.emit(event, new Object[] { payload }, args -> ack.complete((JSONObject) args[0]));
        return ack;
    }

    /** Emits an event and waits for its ack. */
    public JSONObject call(String event, JSONObject payload) {
        try {
            return emit(event, payload).get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError(userId + ": no ack for " + event + " " + payload, e);
        }
    }

    public JSONObject join(String roomId) {
        JSONObject ack = call("room:join", json("roomId", roomId));
        if (!ack.optBoolean("ok")) {
            throw new AssertionError(userId + " could not join " + roomId + ": " + ack);
        }
        return ack;
    }

    public CompletableFuture<JSONObject> sendAsync(String roomId, String body, String clientMsgId) {
        return emit("message:send", json("roomId", roomId, "body", body, "clientMsgId", clientMsgId));
    }

    public JSONObject send(String roomId, String body, String clientMsgId) {
        return call("message:send", json("roomId", roomId, "body", body, "clientMsgId", clientMsgId));
    }

    public JSONObject history(JSONObject request) {
        return call("room:history", request);
    }

    /** message:new events received so far. */
    public List<JSONObject> received() {
        return List.copyOf(received);
    }

    /** message:new events of one room received so far. */
    public List<JSONObject> received(String roomId) {
        return received.stream().filter(m -> roomId.equals(m.optString("roomId"))).toList();
    }

    /** Ids of the message:new events received with that id (normally 0 or 1). */
    public long receivedCount(String messageId) {
        return received.stream().filter(m -> messageId.equals(m.optString("id"))).count();
    }

    /** message:retracted events received so far. */
    public List<JSONObject> retracted() {
        return List.copyOf(retracted);
    }

    /** Builds a JSON object from key, value pairs (a null value is left out). */
    public static JSONObject json(Object... keyValues) {
        JSONObject json = new JSONObject();
        try {
            for (int i = 0; i < keyValues.length; i += 2) {
                if (keyValues[i + 1] != null) {
                    json.put((String) keyValues[i], keyValues[i + 1]);
                }
            }
        } catch (JSONException e) {
            throw new IllegalArgumentException(e);
        }
        return json;
    }

    /** error.code of a failed ack, or null for ok:true. */
    public static String errorCode(JSONObject ack) {
        JSONObject error = ack.optJSONObject("error");
        return error == null ? null : error.optString("code");
    }

    @Override
    public void close() {
        socket.disconnect();
        socket.close();
    }
}
