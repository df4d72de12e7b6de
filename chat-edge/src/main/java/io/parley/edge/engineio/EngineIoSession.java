package io.parley.edge.engineio;

import java.util.List;

import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;
import io.vertx.ext.web.RoutingContext;

/**
 * One Engine.IO session: its transport (polling or WebSocket), the upgrade between them, and the
 * server-driven heartbeat. Inbound packets and timers run on the session's home event loop;
 * {@link #send} may be called from any thread.
 */
public final class EngineIoSession {

    private final String id;
    private final EngineIoServer server;
    private final Vertx vertx;
    /**
     * The home event loop's own context, not the duplicated context of the request or callback that
     * opened the session: a timer or task keeps its context alive, and a duplicated context with its
     * local data is about 250 bytes a connection.
     */
    private final ContextInternal home;
    private final Thread homeThread;
    private final HandshakeInfo handshake;

    // guarded by this
    private Transport transport;
    private WebSocketTransport upgrading;
    private boolean closed;

    // home event loop only
    private long pingTimer = -1;
    private long pongDeadline = -1;
    private Object attachment;

    EngineIoSession(String id, EngineIoServer server, Vertx vertx, Context home, HandshakeInfo handshake) {
        this.id = id;
        this.server = server;
        this.vertx = vertx;
        this.home = ((ContextInternal) home).unwrap();
        this.homeThread = Thread.currentThread();
        this.handshake = handshake;
    }

    public String id() {
        return id;
    }

    public HandshakeInfo handshake() {
        return handshake;
    }

    public Context home() {
        return home;
    }

    EngineIoServer server() {
        return server;
    }

    /** A Vert.x timer on the home event loop's own context (it keeps no request's or callback's context alive). */
    public long setTimer(long delayMillis, Handler<Long> handler) {
        return home.setTimer(delayMillis, handler);
    }

    /** State of the layer above (the Socket.IO client of this session). */
    @SuppressWarnings("unchecked")
    public <T> T attachment() {
        return (T) attachment;
    }

    public void attach(Object value) {
        this.attachment = value;
    }

    public synchronized String transportName() {
        return transport.name();
    }

    public synchronized boolean isClosed() {
        return closed;
    }

    synchronized boolean isUpgradable() {
        return transport instanceof PollingTransport && upgrading == null && !closed;
    }

    /** Runs a task on the home event loop (at once when already there). */
    public void onHome(Runnable task) {
        if (Thread.currentThread() == homeThread) {
            task.run();
        } else {
            home.runOnContext(v -> task.run());
        }
    }

    // ---- outbound (any thread) ----

    /** Sends a frame; a client whose backlog is full is disconnected as slow. */
    public void send(OutboundFrame frame) {
        synchronized (this) {
            if (closed) {
                return;
            }
            if (transport.backlog() < server.maxOutboundBacklog()) {
                transport.send(frame);
                server.recordFrameOut(frame);
                return;
            }
        }
        server.recordSlowClient();
        onHome(() -> close(DisconnectReason.SLOW_CLIENT, false));
    }

    /** Sends the frames of one packet (a text frame and its binary attachments) in order. */
    public void send(List<OutboundFrame> frames) {
        for (int i = 0; i < frames.size(); i++) {
            send(frames.get(i));
        }
    }

    /**
     * Sends only if the transport can take the frames right now.
     *
     * @return false when the frames were dropped
     */
    public boolean sendVolatile(List<OutboundFrame> frames) {
        synchronized (this) {
            if (closed || upgrading != null || !transport.writable()) {
                server.recordVolatileDrop();
                return false;
            }
            for (int i = 0; i < frames.size(); i++) {
                transport.send(frames.get(i));
                server.recordFrameOut(frames.get(i));
            }
            return true;
        }
    }

    // ---- lifecycle ----

    void start(Transport initial, String openPacket) {
        synchronized (this) {
            this.transport = initial;
            initial.send(OutboundFrame.text(openPacket));
        }
        schedulePing();
        server.listener().onOpen(this);
    }

    /** Closes the session (server side); idempotent. Runs on the home loop. */
    public void close(String reason) {
        onHome(() -> close(reason, false));
    }

    void close(String reason, boolean clientInitiated) {
        WebSocketTransport pendingUpgrade;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            transport.close(clientInitiated);
            pendingUpgrade = upgrading;
            upgrading = null;
        }
        if (pendingUpgrade != null) {
            pendingUpgrade.close(false);
        }
        cancelTimers();
        server.remove(this);
        server.listener().onClose(this, reason);
    }

    private void cancelTimers() {
        if (pingTimer >= 0) {
            vertx.cancelTimer(pingTimer);
        }
        if (pongDeadline >= 0) {
            vertx.cancelTimer(pongDeadline);
        }
        if (upgradeTimer >= 0) {
            vertx.cancelTimer(upgradeTimer);
        }
        pingTimer = pongDeadline = upgradeTimer = -1;
    }

    // ---- heartbeat (home loop) ----

    private void schedulePing() {
        pingTimer = home.setTimer(server.pingIntervalMillis(), t -> {
            pingTimer = -1;
            send(OutboundFrame.PING);
            pongDeadline = home.setTimer(server.pingTimeoutMillis(), t2 -> {
                pongDeadline = -1;
                close(DisconnectReason.PING_TIMEOUT, false);
            });
        });
    }

    private void onPong() {
        if (pongDeadline >= 0) {
            vertx.cancelTimer(pongDeadline);
            pongDeadline = -1;
            schedulePing();
        }
    }

    // ---- inbound (home loop) ----

    void onPacket(EngineIoPacket packet) {
        if (isClosed()) {
            return;
        }
        switch (packet.type()) {
            case PONG -> onPong();
            case MESSAGE -> server.listener().onMessage(this, packet);
            case CLOSE -> close(DisconnectReason.TRANSPORT_CLOSE, true);
            default -> {
                // ping, noop, open and upgrade packets carry nothing for an established session
            }
        }
    }

    /** A frame from the session's own WebSocket. */
    void onWebSocketFrame(String text, byte[] binary) {
        if (isClosed()) {
            return;
        }
        int size = binary != null ? binary.length : text.length();
        if (size > server.maxPayload()) {
            close(DisconnectReason.PAYLOAD_TOO_LARGE, false);
            return;
        }
        EngineIoPacket packet;
        try {
            packet = binary != null ? EngineIoCodec.decodeBinary(binary) : EngineIoCodec.decodeText(text);
        } catch (EngineIoProtocolException e) {
            server.recordProtocolError();
            close(DisconnectReason.PARSE_ERROR, false);
            return;
        }
        onPacket(packet);
    }

    void onPollGet(RoutingContext rc) {
        synchronized (this) {
            if (closed) {
                server.reject(rc, HandshakeError.UNKNOWN_SID);
                return;
            }
            if (!(transport instanceof PollingTransport polling)) {
                server.reject(rc, HandshakeError.BAD_REQUEST);
                return;
            }
            if (upgrading != null && upgradeProbed) {
                server.respondText(rc, "6");
                return;
            }
            if (polling.onGet(rc)) {
                return;
            }
        }
        // a second GET while one is waiting: the reference server rejects it and ends the session
        server.reject(rc, HandshakeError.BAD_REQUEST);
        close(DisconnectReason.TRANSPORT_ERROR);
    }

    void onPollPost(RoutingContext rc, String body) {
        synchronized (this) {
            if (closed) {
                server.reject(rc, HandshakeError.UNKNOWN_SID);
                return;
            }
            if (!(transport instanceof PollingTransport)) {
                server.reject(rc, HandshakeError.BAD_REQUEST);
                return;
            }
        }
        List<EngineIoPacket> packets;
        try {
            packets = EngineIoCodec.decodePayload(body);
        } catch (EngineIoProtocolException e) {
            server.recordProtocolError();
            server.reject(rc, HandshakeError.BAD_REQUEST);
            close(DisconnectReason.PARSE_ERROR, false);
            return;
        }
        server.respondOk(rc);
        server.recordFrameIn(body.length());
        for (EngineIoPacket packet : packets) {
            onPacket(packet);
        }
    }

    void onPollClosedPrematurely(RoutingContext rc) {
        onHome(() -> {
            synchronized (this) {
                if (!(transport instanceof PollingTransport polling) || !polling.isPendingGet(rc)) {
                    return;
                }
                polling.forgetPendingGet();
            }
            close(DisconnectReason.TRANSPORT_CLOSE, false);
        });
    }

    void flushPolling() {
        synchronized (this) {
            if (transport instanceof PollingTransport polling) {
                polling.flush();
            }
        }
    }

    // ---- upgrade: polling -> WebSocket (any thread; state under the lock) ----

    private boolean upgradeProbed;
    private volatile long upgradeTimer = -1;

    /** @return false when the session cannot be upgraded (the caller closes the WebSocket) */
    boolean beginUpgrade(WebSocketTransport ws) {
        synchronized (this) {
            if (closed || upgrading != null || !(transport instanceof PollingTransport)) {
                return false;
            }
            upgrading = ws;
            upgradeProbed = false;
        }
        ws.attach(this);
        upgradeTimer = home.setTimer(server.upgradeTimeoutMillis(), t -> {
            upgradeTimer = -1;
            abortUpgrade(ws);
        });
        return true;
    }

    void onUpgradeFrame(WebSocketTransport ws, String text) {
        synchronized (this) {
            if (closed || upgrading != ws) {
                return;
            }
        }
        if ("2probe".equals(text)) {
            ws.send(OutboundFrame.text("3probe"));
            synchronized (this) {
                upgradeProbed = true;
                if (transport instanceof PollingTransport polling) {
                    polling.answerWithNoop();
                }
            }
        } else if ("5".equals(text)) {
            completeUpgrade(ws);
        } else {
            abortUpgrade(ws);
        }
    }

    private void completeUpgrade(WebSocketTransport ws) {
        synchronized (this) {
            if (closed || upgrading != ws) {
                return;
            }
            PollingTransport polling = (PollingTransport) transport;
            polling.answerWithNoop();
            List<OutboundFrame> waiting = polling.drain();
            transport = ws;
            upgrading = null;
            for (OutboundFrame frame : waiting) {
                ws.send(frame);
            }
        }
        if (upgradeTimer >= 0) {
            vertx.cancelTimer(upgradeTimer);
            upgradeTimer = -1;
        }
        server.recordUpgrade();
    }

    void abortUpgrade(WebSocketTransport ws) {
        synchronized (this) {
            if (upgrading != ws) {
                return;
            }
            upgrading = null;
            upgradeProbed = false;
        }
        if (upgradeTimer >= 0) {
            vertx.cancelTimer(upgradeTimer);
            upgradeTimer = -1;
        }
        ws.close(false);
    }

    /** The WebSocket closed: the session ends if it was the session's transport. */
    void onWebSocketClosed(WebSocketTransport ws) {
        boolean wasMain;
        synchronized (this) {
            wasMain = transport == ws;
            if (upgrading == ws) {
                upgrading = null;
                upgradeProbed = false;
            }
        }
        if (wasMain) {
            close(DisconnectReason.TRANSPORT_CLOSE, false);
        }
    }

    synchronized boolean isMainTransport(WebSocketTransport ws) {
        return transport == ws;
    }
}
