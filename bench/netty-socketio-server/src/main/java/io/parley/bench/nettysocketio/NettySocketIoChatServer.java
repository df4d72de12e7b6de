package io.parley.bench.nettysocketio;

import com.corundumstudio.socketio.AckRequest;
import com.corundumstudio.socketio.AuthTokenResult;
import com.corundumstudio.socketio.Configuration;
import com.corundumstudio.socketio.SocketConfig;
import com.corundumstudio.socketio.SocketIOClient;
import com.corundumstudio.socketio.SocketIOServer;
import com.corundumstudio.socketio.Transport;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reference Socket.IO chat server on netty-socketio, implementing the same events as Parley's edge:
 * <ul>
 *   <li>CONNECT with auth {@code {"userId": "..."}}; refused without a userId</li>
 *   <li>{@code room:join {roomId}} with ack {@code {ok:true, roomId}}</li>
 *   <li>{@code message:send {roomId, body, clientMsgId}} with ack {@code {ok:true, id, ts}}; broadcasts
 *       {@code message:new {id, roomId, senderId, body, clientMsgId, ts}} to the whole room, sender included</li>
 * </ul>
 * Port: first argument, else env PORT, else 7101. Host: env HOST, else 127.0.0.1.
 */
public final class NettySocketIoChatServer {

    static final String USER_ID_KEY = "userId";
    private static final int DEFAULT_PORT = 7101;

    private final SocketIOServer server;
    private final String nodeTag = Long.toString(ProcessHandle.current().pid(), 36)
            + Long.toString(System.currentTimeMillis() % 1_679_616L, 36);
    private final AtomicLong nextMessageNumber = new AtomicLong();

    public NettySocketIoChatServer(String host, int port) {
        Configuration config = new Configuration();
        config.setHostname(host);
        config.setPort(port);
        config.setContext("/socket.io");
        config.setTransports(Transport.WEBSOCKET, Transport.POLLING);
        config.setRandomSession(true);
        SocketConfig socketConfig = new SocketConfig();
        socketConfig.setReuseAddress(true);
        socketConfig.setTcpNoDelay(true);
        socketConfig.setAcceptBackLog(4096);
        config.setSocketConfig(socketConfig);
        this.server = new SocketIOServer(config);
        registerHandlers();
    }

    private void registerHandlers() {
        server.getNamespace("").addAuthTokenListener(this::authenticate);

        server.addEventListener("room:join", JoinRequest.class, (client, request, ack) -> {
            if (request == null || isBlank(request.roomId)) {
                sendAck(ack, fields("ok", false, "error", "bad_request"));
                return;
            }
            client.joinRoom(request.roomId);
            sendAck(ack, fields("ok", true, "roomId", request.roomId));
        });

        server.addEventListener("message:send", SendRequest.class, (client, request, ack) -> {
            if (request == null || isBlank(request.roomId) || request.body == null) {
                sendAck(ack, fields("ok", false, "error", "bad_request"));
                return;
            }
            if (!client.getAllRooms().contains(request.roomId)) {
                sendAck(ack, fields("ok", false, "error", "not_in_room"));
                return;
            }
            String id = nodeTag + "-" + nextMessageNumber.incrementAndGet();
            long ts = System.currentTimeMillis();
            Map<String, Object> message = new LinkedHashMap<>();
            message.put("id", id);
            message.put("roomId", request.roomId);
            message.put("senderId", client.get(USER_ID_KEY));
            message.put("body", request.body);
            message.put("clientMsgId", request.clientMsgId);
            message.put("ts", ts);
            server.getRoomOperations(request.roomId).sendEvent("message:new", message);
            sendAck(ack, fields("ok", true, "id", id, "ts", ts));
        });
    }

    private AuthTokenResult authenticate(Object authToken, SocketIOClient client) {
        Object userId = authToken instanceof Map<?, ?> auth ? auth.get(USER_ID_KEY) : null;
        if (!(userId instanceof String s) || s.isEmpty()) {
            return new AuthTokenResult(false, Map.of("message", "unauthorized"));
        }
        client.set(USER_ID_KEY, s);
        return AuthTokenResult.AuthTokenResultSuccess;
    }

    private static void sendAck(AckRequest ack, Object payload) {
        if (ack.isAckRequested()) {
            ack.sendAckData(payload);
        }
    }

    /** An ordered JSON object from alternating keys and values. */
    private static Map<String, Object> fields(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private static boolean isBlank(String s) {
        return s == null || s.isEmpty();
    }

    public void start() {
        server.start();
    }

    public void stop() {
        server.stop();
    }

    /** Payload of {@code room:join}. */
    public static final class JoinRequest {
        public String roomId;
    }

    /** Payload of {@code message:send}. */
    public static final class SendRequest {
        public String roomId;
        public String body;
        public String clientMsgId;
    }

    public static void main(String[] args) throws InterruptedException {
        int port = args.length > 0 ? Integer.parseInt(args[0])
                : Integer.parseInt(System.getenv().getOrDefault("PORT", String.valueOf(DEFAULT_PORT)));
        String host = System.getenv().getOrDefault("HOST", "127.0.0.1");
        NettySocketIoChatServer chat = new NettySocketIoChatServer(host, port);
        chat.start();
        System.out.println("netty-socketio-server listening on " + host + ":" + port
                + " pid=" + ProcessHandle.current().pid());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            chat.stop();
            stopped.countDown();
        }, "shutdown"));
        stopped.await();
    }
}
