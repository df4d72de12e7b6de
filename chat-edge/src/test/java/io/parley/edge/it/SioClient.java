package io.parley.edge.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.json.JSONException;
import org.json.JSONObject;

import io.socket.client.Ack;
import io.socket.client.IO;
import io.socket.client.Manager;
import io.socket.client.Socket;
import io.socket.engineio.client.Transport;
import io.socket.engineio.client.transports.Polling;
import io.socket.engineio.client.transports.WebSocket;

/**
 * A socket.io-client (Java, protocol v5) socket as the tests use it: records every event it receives,
 * the transport it is on, and its connect error; emits with acks synchronously.
 */
public final class SioClient implements AutoCloseable {

    public static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** How the client reaches the server. */
    public enum Mode {
        POLLING, WEBSOCKET, UPGRADE
    }

    /** One event received from the server. */
    public record Received(String event, Object[] args) {
        public JSONObject json() {
            return (JSONObject) args[0];
        }
    }

    private final Socket socket;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicReference<Object> connectError = new AtomicReference<>();
    private final AtomicReference<String> disconnectReason = new AtomicReference<>();

    private SioClient(Socket socket) {
        this.socket = socket;
        socket.onAnyIncoming(args -> received.add(new Received((String) args[0], tail(args))));
        socket.on(Socket.EVENT_CONNECT_ERROR, args -> connectError.set(args.length > 0 ? args[0] : "?"));
        socket.on(Socket.EVENT_DISCONNECT, args -> disconnectReason.set(args.length > 0 ? String.valueOf(args[0]) : "?"));
    }

    public static IO.Options options(Mode mode, Map<String, String> auth) {
        IO.Options options = new IO.Options();
        options.forceNew = true;
        options.reconnection = false;
        options.timeout = TIMEOUT.toMillis();
        options.auth = auth;
        switch (mode) {
            case POLLING -> {
                options.transports = new String[] { Polling.NAME };
                options.upgrade = false;
            }
            case WEBSOCKET -> options.transports = new String[] { WebSocket.NAME };
            case UPGRADE -> {
                options.transports = new String[] { Polling.NAME, WebSocket.NAME };
                options.upgrade = true;
            }
        }
        return options;
    }

    /** A manager (one Engine.IO connection) that records the transport it uses. */
    public static Manager manager(URI base, IO.Options options, AtomicReference<String> transport) {
        Manager manager = new Manager(base, options);
        manager.on(Manager.EVENT_TRANSPORT, args -> transport.set(((Transport) args[0]).name));
        return manager;
    }

    /** Starts connecting a socket to a namespace of a manager; does not wait. */
    public static SioClient start(Manager manager, String namespace, IO.Options options) {
        SioClient client = new SioClient(manager.socket(namespace, options));
        client.socket.connect();
        return client;
    }

    /** A chat user connected to the main namespace on its own connection. */
    public static SioClient connect(URI base, String userId, Mode mode) {
        SioClient client = start(base, "/", Map.of("userId", userId), mode, new AtomicReference<>());
        client.awaitConnected();
        return client;
    }

    public static SioClient start(URI base, String namespace, Map<String, String> auth, Mode mode,
            AtomicReference<String> transport) {
        IO.Options options = options(mode, auth);
        return start(manager(base, options, transport), namespace, options);
    }

    public SioClient awaitConnected() {
        await().atMost(TIMEOUT).until(() -> socket.connected() || connectError.get() != null);
        assertTrue(socket.connected(), "not connected: " + connectError.get());
        return this;
    }

    public Socket socket() {
        return socket;
    }

    public String id() {
        return socket.id();
    }

    public Object connectError() {
        return connectError.get();
    }

    public String disconnectReason() {
        return disconnectReason.get();
    }

    /** Emits and waits for the acknowledgement; returns its arguments. */
    public Object[] emitWithAck(String event, Object... args) {
        CompletableFuture<Object[]> reply = new CompletableFuture<>();
        socket.emit(event, args, (Ack) reply::complete);
        try {
            return reply.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("no ack for '" + event + "' within " + TIMEOUT, e);
        }
    }

    /** Emits a chat event with one JSON payload and returns the JSON acknowledgement. */
    public JSONObject request(String event, Object payload) {
        Object[] reply = emitWithAck(event, payload);
        assertEquals(1, reply.length, "ack arguments");
        return (JSONObject) reply[0];
    }

    /** Emits without waiting for the ack; the future completes with the ack's first argument. */
    public CompletableFuture<JSONObject> requestAsync(String event, Object payload) {
        CompletableFuture<JSONObject> reply = new CompletableFuture<>();
        socket.emit(event, new Object[] { payload }, (Ack) args -> reply.complete((JSONObject) args[0]));
        return reply;
    }

    public JSONObject join(String roomId) {
        JSONObject ack = request("room:join", json("roomId", roomId));
        assertOk(ack);
        return ack;
    }

    public JSONObject send(String roomId, String body, String clientMsgId) {
        return request("message:send", json("roomId", roomId, "body", body, "clientMsgId", clientMsgId));
    }

    /**
     * A round trip to the server: every event the server wrote to this client before it answered is
     * received by the time this returns.
     */
    public void barrier() {
        assertOk(request("room:leave", json("roomId", "barrier")));
    }

    public List<Received> received(String event) {
        List<Received> matching = new ArrayList<>();
        for (Received r : received) {
            if (r.event().equals(event)) {
                matching.add(r);
            }
        }
        return matching;
    }

    /** Waits until {@code count} events named {@code event} have arrived; returns them all. */
    public List<Received> awaitReceived(String event, int count) {
        await().atMost(TIMEOUT).until(() -> received(event).size() >= count);
        return received(event);
    }

    @Override
    public void close() {
        socket.disconnect();
    }

    public static JSONObject json(Object... keyValues) {
        JSONObject json = new JSONObject();
        try {
            for (int i = 0; i < keyValues.length; i += 2) {
                json.put((String) keyValues[i], keyValues[i + 1] == null ? JSONObject.NULL : keyValues[i + 1]);
            }
        } catch (JSONException e) {
            throw new IllegalArgumentException(e);
        }
        return json;
    }

    public static void assertOk(JSONObject ack) {
        assertTrue(ack.optBoolean("ok", false), "expected {ok:true}, got " + ack);
    }

    /** Asserts a failed ack {@code {ok:false, error:{code, message}}} and returns its error object. */
    public static JSONObject assertError(String code, JSONObject ack) {
        assertEquals(false, ack.optBoolean("ok", true), "expected {ok:false}, got " + ack);
        JSONObject error = ack.optJSONObject("error");
        assertTrue(error != null, "no error object in " + ack);
        assertEquals(code, error.optString("code"), "error code in " + ack);
        assertTrue(!error.optString("message").isEmpty(), "error without message: " + ack);
        return error;
    }

    private static Object[] tail(Object[] args) {
        Object[] rest = new Object[args.length - 1];
        System.arraycopy(args, 1, rest, 0, rest.length);
        return rest;
    }
}
