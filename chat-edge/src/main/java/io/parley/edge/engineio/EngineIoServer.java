package io.parley.edge.engineio;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * An Engine.IO server mounted on one path: validates requests as the reference server does, opens
 * sessions on either transport, serves long-polling and hands WebSocket frames to their session.
 */
public final class EngineIoServer {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String name;
    private final Vertx vertx;
    private final EngineIoListener listener;
    private final Settings settings;
    private final OriginPolicy origins;
    private final Map<String, EngineIoSession> sessions = new ConcurrentHashMap<>();
    private final EngineIoStats stats = new EngineIoStats();

    /** The numbers an Engine.IO server runs with. */
    public record Settings(long pingIntervalMillis, long pingTimeoutMillis, int maxPayload, long upgradeTimeoutMillis,
            int maxOutboundBacklog, boolean httpCompression, int httpCompressionThreshold, String sidPrefix,
            long websocketFlushIntervalNanos, Set<String> handshakeHeaders) {

        /** {@code handshakeHeaders}: the request headers a session keeps (names in lower case). */
        public Settings {
            handshakeHeaders = handshakeHeaders.stream().map(name -> name.toLowerCase(Locale.ROOT))
                    .collect(Collectors.toUnmodifiableSet());
        }
    }

    public EngineIoServer(String name, Vertx vertx, Settings settings, OriginPolicy origins, EngineIoListener listener) {
        this.name = name;
        this.vertx = vertx;
        this.settings = settings;
        this.origins = origins;
        this.listener = listener;
    }

    public String name() {
        return name;
    }

    EngineIoListener listener() {
        return listener;
    }

    long pingIntervalMillis() {
        return settings.pingIntervalMillis();
    }

    long pingTimeoutMillis() {
        return settings.pingTimeoutMillis();
    }

    int maxPayload() {
        return settings.maxPayload();
    }

    long upgradeTimeoutMillis() {
        return settings.upgradeTimeoutMillis();
    }

    int maxOutboundBacklog() {
        return settings.maxOutboundBacklog();
    }

    /** How often at most a WebSocket that keeps getting frames is flushed (0: once per event-loop pass). */
    public long websocketFlushIntervalNanos() {
        return settings.websocketFlushIntervalNanos();
    }

    boolean httpCompressionEnabled() {
        return settings.httpCompression();
    }

    int httpCompressionThreshold() {
        return settings.httpCompressionThreshold();
    }

    public int sessionCount() {
        return sessions.size();
    }

    public Collection<EngineIoSession> sessions() {
        return sessions.values();
    }

    public EngineIoStats stats() {
        return stats;
    }

    void recordProtocolError() {
        stats.protocolErrors.increment();
    }

    void recordSlowClient() {
        stats.slowClients.increment();
    }

    void recordUpgrade() {
        stats.upgrades.increment();
    }

    void recordFrameIn(int size) {
        stats.framesIn.increment();
        stats.bytesIn.add(size);
    }

    void recordFrameOut(OutboundFrame frame) {
        stats.framesOut.increment();
        stats.bytesOut.add(frame.size());
    }

    void recordVolatileDrop() {
        stats.volatileDrops.increment();
    }

    void remove(EngineIoSession session) {
        sessions.remove(session.id(), session);
    }

    private volatile boolean draining;

    /** From now on new sessions are refused with 503 (the node is stopping); open ones keep working. */
    public void startDraining() {
        draining = true;
    }

    public boolean draining() {
        return draining;
    }

    /** Closes every session, e.g. at shutdown. */
    public void closeAll(String reason) {
        for (EngineIoSession session : sessions.values()) {
            session.close(reason);
        }
    }

    // ---- request validation, shared by polling and WebSocket upgrades ----

    /**
     * Checks a request as the reference server does.
     *
     * @return the error to answer, or {@code null} when the request may proceed
     */
    public HandshakeError check(HttpMethod method, String eio, String transport, String sid, String origin,
            boolean upgrade) {
        if (!PollingTransport.NAME.equals(transport) && !WebSocketTransport.NAME.equals(transport)) {
            return HandshakeError.UNKNOWN_TRANSPORT;
        }
        if (upgrade && !WebSocketTransport.NAME.equals(transport)) {
            return HandshakeError.BAD_REQUEST;
        }
        if (origin != null && !origins.allows(origin)) {
            return HandshakeError.FORBIDDEN;
        }
        if (sid != null) {
            EngineIoSession session = sessions.get(sid);
            if (session == null) {
                return HandshakeError.UNKNOWN_SID;
            }
            if (upgrade) {
                // as the reference server: the WebSocket is accepted, then closed if the session
                // is already upgrading or upgraded
                return null;
            }
            return transport.equals(session.transportName()) ? null : HandshakeError.BAD_REQUEST;
        }
        if (method != HttpMethod.GET) {
            return HandshakeError.BAD_HANDSHAKE_METHOD;
        }
        if (WebSocketTransport.NAME.equals(transport) && !upgrade) {
            return HandshakeError.BAD_REQUEST;
        }
        if (!"4".equals(eio)) {
            return HandshakeError.UNSUPPORTED_PROTOCOL_VERSION;
        }
        return null;
    }

    // ---- HTTP long-polling ----

    /** Serves one polling request (GET or POST) or rejects it. Runs on an event loop. */
    public void handleHttp(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        addCorsHeaders(rc, origin);
        if (request.method() == HttpMethod.OPTIONS && origin != null) {
            answerPreflight(rc, origin);
            return;
        }
        String sid = request.getParam("sid");
        HandshakeError error = check(request.method(), request.getParam("EIO"), request.getParam("transport"), sid,
                origin, false);
        if (error != null) {
            reject(rc, error);
            return;
        }
        if (sid == null) {
            if (draining) {
                rc.response().setStatusCode(503).putHeader(HttpHeaders.RETRY_AFTER, "1")
                        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                        .end("{\"code\":3,\"message\":\"Server shutting down\"}");
                return;
            }
            openPollingSession(rc);
            return;
        }
        EngineIoSession session = sessions.get(sid);
        if (session == null) {
            reject(rc, HandshakeError.UNKNOWN_SID);
            return;
        }
        if (request.method() == HttpMethod.GET) {
            // handled on the arriving thread (under the session's lock) so that requests are taken
            // in the order they arrive, whichever event loop their connection is on
            session.onPollGet(rc);
        } else if (request.method() == HttpMethod.POST) {
            String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null && parseLength(length) > settings.maxPayload()) {
                rc.response().setStatusCode(413).end();
                session.close(DisconnectReason.PAYLOAD_TOO_LARGE);
                return;
            }
            String body = rc.body() == null ? null : rc.body().asString();
            if (body != null && body.length() > settings.maxPayload()) {
                rc.response().setStatusCode(413).end();
                session.close(DisconnectReason.PAYLOAD_TOO_LARGE);
                return;
            }
            session.onHome(() -> session.onPollPost(rc, body));
        } else {
            reject(rc, HandshakeError.BAD_REQUEST);
        }
    }

    /**
     * A polling request that failed before {@link #handleHttp} (e.g. a body over maxPayload refused
     * by the body handler with 413): the session it names ends, as for a too-large body refused here.
     */
    public void onHttpFailure(RoutingContext rc, int status) {
        if (status != 413) {
            return;
        }
        String sid = rc.request().getParam("sid");
        EngineIoSession session = sid == null ? null : sessions.get(sid);
        if (session != null) {
            session.close(DisconnectReason.PAYLOAD_TOO_LARGE);
        }
    }

    private static long parseLength(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void openPollingSession(RoutingContext rc) {
        stats.pollingHandshakes.increment();
        EngineIoSession session = newSession(handshakeOf(rc.request(), PollingTransport.NAME));
        PollingTransport polling = new PollingTransport(session);
        session.start(polling, openPacket(session.id(), true));
        synchronized (session) {
            polling.onGet(rc);
        }
    }

    private EngineIoSession newSession(HandshakeInfo handshake) {
        Context context = vertx.getOrCreateContext();
        while (true) {
            String id = settings.sidPrefix() + randomId();
            EngineIoSession session = new EngineIoSession(id, this, vertx, context, handshake);
            if (sessions.putIfAbsent(id, session) == null) {
                return session;
            }
        }
    }

    /** 15 random bytes as 20 URL-safe characters: unguessable session and socket ids. */
    public static String randomId() {
        byte[] bytes = new byte[15];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private String openPacket(String sid, boolean canUpgrade) {
        return "0{\"sid\":\"" + sid + "\",\"upgrades\":" + (canUpgrade ? "[\"websocket\"]" : "[]")
                + ",\"pingInterval\":" + settings.pingIntervalMillis() + ",\"pingTimeout\":"
                + settings.pingTimeoutMillis() + ",\"maxPayload\":" + settings.maxPayload() + "}";
    }

    void reject(RoutingContext rc, HandshakeError error) {
        stats.rejections[error.ordinal()].increment();
        if (rc.response().ended()) {
            return;
        }
        rc.response().setStatusCode(error.httpStatus()).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(error.toJson());
    }

    void respondOk(RoutingContext rc) {
        if (!rc.response().ended()) {
            rc.response().setStatusCode(200).putHeader(HttpHeaders.CONTENT_TYPE, "text/html").end("ok");
        }
    }

    void respondText(RoutingContext rc, String body) {
        if (!rc.response().ended()) {
            rc.response().setStatusCode(200).putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=UTF-8")
                    .end(body);
        }
    }

    private void addCorsHeaders(RoutingContext rc, String origin) {
        if (origin != null && origins.allows(origin)) {
            rc.response().putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, origin)
                    .putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true")
                    .putHeader(HttpHeaders.VARY, "Origin");
        }
    }

    private void answerPreflight(RoutingContext rc, String origin) {
        if (!origins.allows(origin)) {
            reject(rc, HandshakeError.FORBIDDEN);
            return;
        }
        String requested = rc.request().getHeader(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS);
        rc.response().putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, "GET,POST")
                .putHeader(HttpHeaders.ACCESS_CONTROL_MAX_AGE, "600");
        if (requested != null) {
            rc.response().putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS, requested);
        }
        rc.response().setStatusCode(204).end();
    }

    /** The request headers a session keeps (lower-case names). */
    public Set<String> handshakeHeaders() {
        return settings.handshakeHeaders();
    }

    /** What a session keeps of the request that opened it. */
    public HandshakeInfo handshakeOf(HttpServerRequest request, String transport) {
        return new HandshakeInfo(keptHeaders(request.headers(), settings.handshakeHeaders()),
                request.query() == null ? "" : request.query(),
                request.remoteAddress() == null ? "" : request.remoteAddress().hostAddress(), transport,
                request.isSSL(), System.currentTimeMillis());
    }

    /** The first value of each kept header the request has, by lower-case name. */
    static Map<String, String> keptHeaders(MultiMap headers, Set<String> kept) {
        Map<String, String> copy = null;
        for (String name : kept) {
            String value = headers.get(name);
            if (value != null) {
                if (copy == null) {
                    copy = new HashMap<>(4);
                }
                copy.put(name, value);
            }
        }
        return copy == null ? Map.of() : Map.copyOf(copy);
    }

    // ---- WebSocket ----

    /** A WebSocket opened: a new session (no sid) or the start of an upgrade. Runs on its event loop. */
    public void onWebSocketOpen(WebSocketTransport ws, String sid, HandshakeInfo handshake) {
        if (sid == null) {
            stats.webSocketHandshakes.increment();
            EngineIoSession session = newSession(handshake);
            ws.attach(session);
            session.start(ws, openPacket(session.id(), false));
            return;
        }
        EngineIoSession session = sessions.get(sid);
        if (session == null) {
            ws.close(false);
            return;
        }
        if (!session.beginUpgrade(ws)) {
            ws.close(false);
        }
    }

    public void onWebSocketText(WebSocketTransport ws, String text) {
        dispatch(ws, text, null);
    }

    public void onWebSocketBinary(WebSocketTransport ws, byte[] data) {
        dispatch(ws, null, data);
    }

    private void dispatch(WebSocketTransport ws, String text, byte[] binary) {
        EngineIoSession session = ws.session();
        if (session == null) {
            return;
        }
        recordFrameIn(binary != null ? binary.length : text.length());
        if (session.isMainTransport(ws)) {
            session.onHome(() -> session.onWebSocketFrame(text, binary));
        } else if (text != null) {
            // upgrade frames are handled at once, under the session's lock, so that a poll arriving
            // on another event loop after them already sees the upgraded session
            session.onUpgradeFrame(ws, text);
        } else {
            session.abortUpgrade(ws);
        }
    }

    public void onWebSocketClose(WebSocketTransport ws) {
        EngineIoSession session = ws.session();
        if (session != null) {
            session.onHome(() -> session.onWebSocketClosed(ws));
        }
    }

    /** Sends raw frames to every session (used by tests and the echo server). */
    public void sendToAll(List<OutboundFrame> frames) {
        for (EngineIoSession session : sessions.values()) {
            session.send(frames);
        }
    }
}
