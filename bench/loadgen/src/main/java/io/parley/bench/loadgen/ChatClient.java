package io.parley.bench.loadgen;

import io.vertx.core.Context;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.http.impl.WebSocketInternal;

import java.util.HashMap;
import java.util.Map;

/**
 * One simulated chat user: a raw Socket.IO v5 / Engine.IO v4 session over a single websocket, driven entirely
 * by its Vert.x event loop (no blocking, no thread of its own). It opens the session, sends CONNECT with its
 * userId, optionally joins one room, answers pings, sends {@code message:send} with acks, and hands every
 * {@code message:new} frame to its listener.
 *
 * <p>All methods must be called on the client's event-loop context.
 */
public final class ChatClient {

    /** Callbacks, invoked on the client's event loop. */
    public interface Listener {
        /** Socket.IO CONNECT acknowledged (the handshake is complete). */
        default void onConnected(ChatClient client) {
        }

        /** room:join acknowledged with ok:true. */
        default void onJoined(ChatClient client) {
        }

        /** The session could not be established (before onConnected/onJoined), with a short reason. */
        default void onFailed(ChatClient client, String reason) {
        }

        /** The websocket closed after the session had been established. */
        default void onClosed(ChatClient client) {
        }

        /**
         * Ack of a message:send; sentNanos and sequence are the stamp and the publisher's sequence number of that
         * send, or -1 if the ack id was unknown.
         */
        default void onMessageAck(ChatClient client, boolean ok, long sentNanos, long sequence, long nowNanos) {
        }

        /** A message:new event frame; it may be a reused view (see {@link FrameChars}): do not keep it. */
        default void onMessageNew(ChatClient client, CharSequence frame, long nowNanos) {
        }
    }

    private enum State { NEW, OPENING, CONNECTING, JOINING, READY, FAILED, CLOSED }

    private final int index;
    private final String userId;
    private final String roomToJoin;
    private final Context context;
    private final Listener listener;

    private State state = State.NEW;
    private WebSocket webSocket;
    private DirectFrames directFrames;
    private int nextAckId;
    private int joinAckId = -1;
    private record PendingSend(long sentNanos, long sequence) {
    }

    private final Map<Integer, PendingSend> pendingAcks = new HashMap<>();
    private long connectStartNanos;
    private long connectedNanos;
    private long pingsAnswered;

    /**
     * @param roomToJoin room id to join right after CONNECT, or null to stay connected without joining
     */
    public ChatClient(int index, String userId, String roomToJoin, Context context, Listener listener) {
        this.index = index;
        this.userId = userId;
        this.roomToJoin = roomToJoin;
        this.context = context;
        this.listener = listener;
    }

    public int index() {
        return index;
    }

    public Context context() {
        return context;
    }

    /** Time from the start of the websocket connect to the Socket.IO CONNECT ack, in nanoseconds. */
    public long handshakeNanos() {
        return connectedNanos - connectStartNanos;
    }

    public boolean isOpen() {
        return webSocket != null && !webSocket.isClosed() && (state == State.READY || state == State.JOINING
                || state == State.CONNECTING);
    }

    /** Connected (and joined, if it was to join) and not closed: messages can be sent. */
    public boolean isReady() {
        return state == State.READY && webSocket != null && !webSocket.isClosed();
    }

    public long pingsAnswered() {
        return pingsAnswered;
    }

    public int pendingAcks() {
        return pendingAcks.size();
    }

    /**
     * Starts the websocket connect; the outcome arrives through the listener. With {@code direct}, frames are
     * then received and sent on the Netty pipeline ({@link DirectFrames}), else through Vert.x's WebSocket API.
     */
    public void connect(WebSocketClient wsClient, WebSocketConnectOptions options, boolean direct) {
        state = State.OPENING;
        connectStartNanos = System.nanoTime();
        wsClient.connect(options).onComplete(ar -> {
            if (ar.failed()) {
                fail("websocket connect failed: " + ar.cause().getMessage());
                return;
            }
            webSocket = ar.result();
            webSocket.textMessageHandler(this::onText);
            webSocket.exceptionHandler(err -> {
                if (state != State.READY) {
                    fail("websocket error: " + err.getMessage());
                }
            });
            webSocket.closeHandler(v -> onWebSocketClosed());
            if (direct) {
                directFrames = DirectFrames.install(((WebSocketInternal) webSocket).channelHandlerContext(),
                        this::onText);
            }
        });
    }

    /** Sends message:send with an ack id; the stamp sentNanos and the sequence number come back with the ack. */
    public void sendMessage(String roomId, String body, String clientMsgId, long sentNanos, long sequence) {
        int ackId = nextAckId++;
        pendingAcks.put(ackId, new PendingSend(sentNanos, sequence));
        String json = "{\"roomId\":\"" + roomId + "\",\"body\":\"" + body + "\",\"clientMsgId\":\"" + clientMsgId + "\"}";
        write(EngineIoFrames.eventWithAck(ackId, "message:send", json));
    }

    /** Whether the websocket's write queue is full (the server or the network is not keeping up). */
    public boolean writeQueueFull() {
        if (directFrames != null) {
            return directFrames.writeQueueFull();
        }
        return webSocket != null && webSocket.writeQueueFull();
    }

    private void write(String frame) {
        if (directFrames != null) {
            directFrames.writeText(frame);
        } else {
            webSocket.writeTextMessage(frame);
        }
    }

    public void close() {
        if (webSocket != null && !webSocket.isClosed()) {
            state = State.CLOSED;
            webSocket.close();
        } else if (state != State.FAILED) {
            state = State.CLOSED;
        }
    }

    void onText(CharSequence frame) {
        switch (EngineIoFrames.kindOf(frame)) {
            case PING:
                pingsAnswered++;
                write(EngineIoFrames.PONG);
                break;
            case SIO_EVENT:
                if (EngineIoFrames.isEvent(frame, "message:new")) {
                    listener.onMessageNew(this, frame, System.nanoTime());
                }
                break;
            case SIO_ACK:
                onAck(frame);
                break;
            case OPEN:
                state = State.CONNECTING;
                write(EngineIoFrames.connect(userId));
                break;
            case SIO_CONNECT:
                connectedNanos = System.nanoTime();
                listener.onConnected(this);
                if (roomToJoin != null) {
                    state = State.JOINING;
                    joinAckId = nextAckId++;
                    write(EngineIoFrames.eventWithAck(joinAckId, "room:join",
                            "{\"roomId\":\"" + roomToJoin + "\"}"));
                } else {
                    state = State.READY;
                }
                break;
            case SIO_CONNECT_ERROR:
                fail("connect_error " + frame.subSequence(2, frame.length()));
                webSocket.close();
                break;
            case CLOSE:
            case SIO_DISCONNECT:
                webSocket.close();
                break;
            default:
                break;
        }
    }

    private void onAck(CharSequence frame) {
        int id = EngineIoFrames.ackId(frame);
        boolean ok = EngineIoFrames.ackIsOk(frame);
        if (id == joinAckId && state == State.JOINING) {
            if (ok) {
                state = State.READY;
                listener.onJoined(this);
            } else {
                fail("room:join refused: " + frame.subSequence(2, frame.length()));
            }
            return;
        }
        PendingSend sent = pendingAcks.remove(id);
        listener.onMessageAck(this, ok, sent == null ? -1 : sent.sentNanos(), sent == null ? -1 : sent.sequence(),
                System.nanoTime());
    }

    private void onWebSocketClosed() {
        State before = state;
        if (before == State.OPENING || before == State.CONNECTING || before == State.JOINING) {
            fail("closed during handshake");
            return;
        }
        if (before != State.FAILED) {
            state = State.CLOSED;
            listener.onClosed(this);
        }
    }

    private void fail(String reason) {
        if (state == State.FAILED) {
            return;
        }
        state = State.FAILED;
        listener.onFailed(this, reason);
    }
}
