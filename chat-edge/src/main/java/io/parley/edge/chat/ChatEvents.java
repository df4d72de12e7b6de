package io.parley.edge.chat;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.parley.edge.config.ChatConfig;
import io.parley.edge.config.ConformanceConfig;
import io.parley.edge.identity.AuthException;
import io.parley.edge.identity.IdentityResolver;
import io.parley.edge.ratelimit.RateLimits;
import io.parley.edge.security.ConnectionLimits;
import io.parley.edge.security.SecurityEvents;
import io.parley.edge.pipeline.UserEventRecorder;
import io.parley.edge.presence.PresenceService;
import io.parley.edge.socketio.Ack;
import io.parley.edge.socketio.ErrorAcks;
import io.parley.edge.socketio.EventHandler;
import io.parley.edge.socketio.Namespace;
import io.parley.edge.socketio.Socket;
import io.parley.edge.transport.EdgeServers;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;

import org.jboss.logging.Logger;

/**
 * The chat API on the main namespace: authenticates CONNECTs, puts every socket in its user room,
 * and maps each client event to {@link ChatService}, answering failures with documented codes.
 */
@ApplicationScoped
public class ChatEvents {

    private static final Logger LOG = Logger.getLogger(ChatEvents.class);

    public static final String NAMESPACE = "/";
    public static final String ROOM_JOIN = "room:join";
    public static final String ROOM_LEAVE = "room:leave";
    public static final String MESSAGE_SEND = "message:send";
    public static final String TYPING = "typing";
    public static final String ROOM_READ = "room:read";
    public static final String ROOM_HISTORY = "room:history";
    public static final String ROOM_MEMBERS = "room:members";

    private final EdgeServers servers;
    private final ChatService chat;
    private final IdentityResolver identities;
    private final ChatRequests requests;
    private final ConformanceConfig conformance;
    private final MeterRegistry registry;
    private final PresenceService presence;
    private final UserEventRecorder userEvents;
    private final SessionAuth sessionAuth;
    private final SecurityEvents security;
    private final ConnectionLimits connections;
    private final RateLimits limits;
    private final Map<String, Map<String, Timer>> ackTimers = new ConcurrentHashMap<>();

    public ChatEvents(EdgeServers servers, ChatService chat, IdentityResolver identities, ChatConfig config,
            ConformanceConfig conformance, MeterRegistry registry, PresenceService presence,
            UserEventRecorder userEvents, SessionAuth sessionAuth, SecurityEvents security,
            ConnectionLimits connections, RateLimits limits) {
        this.userEvents = userEvents;
        this.sessionAuth = sessionAuth;
        this.security = security;
        this.connections = connections;
        this.limits = limits;
        this.registry = registry;
        this.presence = presence;
        this.servers = servers;
        this.chat = chat;
        this.identities = identities;
        this.requests = new ChatRequests(config);
        this.conformance = conformance;
    }

    void register(@Observes StartupEvent event) {
        if (conformance.enabled()) {
            return;
        }
        Namespace ns = servers.socketIo().of(NAMESPACE);
        ns.use(socket -> identities.resolve(socket)
                .onFailure(AuthException.class).invoke(failure -> security.record(
                        ((AuthException) failure).code().equals(AuthException.AUTH_REQUIRED)
                                ? SecurityEvents.Reason.AUTH_REQUIRED
                                : SecurityEvents.Reason.AUTH_INVALID,
                        null, limits.clientIp(socket.handshake()), null))
                .chain(identity -> {
                    String ip = limits.clientIp(socket.handshake());
                    try {
                        connections.check(identity.userId(), ip);
                    } catch (RuntimeException refused) {
                        security.record(SecurityEvents.Reason.TOO_MANY_CONNECTIONS, identity.userId(), ip, null);
                        throw refused;
                    }
                    return chat.open(socket, identity);
                }));
        ns.onConnection(socket -> connections.connected(socket.userId(), limits.clientIp(socket.handshake())));
        ns.onDisconnect((socket, reason) -> connections.disconnected(socket.userId(),
                limits.clientIp(socket.handshake())));
        ns.onConnection(sessionAuth::connected);
        ns.onDisconnect((socket, reason) -> sessionAuth.disconnected(socket));
        ns.on(SessionAuth.AUTH_REFRESH, handle(SessionAuth.AUTH_REFRESH, args -> args, sessionAuth::refresh));
        ns.on(ROOM_JOIN, handle(ROOM_JOIN, requests::room, chat::join));
        ns.on(ROOM_LEAVE, handle(ROOM_LEAVE, requests::room, chat::leave));
        // message:send orders its own checks and numbering, and lets the wait for Kafka overlap
        ns.on(MESSAGE_SEND, handle(MESSAGE_SEND, requests::send, chat::send, false));
        ns.on(TYPING, handle(TYPING, requests::typing, chat::typing));
        ns.on(ROOM_MEMBERS, handle(ROOM_MEMBERS, requests::room, chat::members));
        ns.onConnection(socket -> presence.connected(socket, socket.<ChatSession>attachment().userId())
                .subscribe().with(v -> {
                }, e -> {
                }));
        ns.onDisconnect((socket, reason) -> presence.disconnected(socket));
        ns.onConnection(userEvents::connected);
        ns.onDisconnect((socket, reason) -> userEvents.disconnected(socket));
        ns.on(ROOM_READ, handle(ROOM_READ, requests::read, chat::read));
        ns.on(ROOM_HISTORY, handle(ROOM_HISTORY, requests::history, chat::history));
        presence.start(ns);
        ns.onUnknownEvent((socket, args, ack) -> ack
                .send(ErrorAcks.error(ErrorCode.UNKNOWN_EVENT.name(), "unknown event")));
    }

    private <R> EventHandler handle(String event, Function<ArrayNode, R> parse,
            BiFunction<Socket, R, Uni<ObjectNode>> action) {
        return handle(event, parse, action, true);
    }

    /** @param ordered run the whole action after the socket's earlier events have completed */
    private <R> EventHandler handle(String event, Function<ArrayNode, R> parse,
            BiFunction<Socket, R, Uni<ObjectNode>> action, boolean ordered) {
        return (socket, args, ack) -> {
            long start = System.nanoTime();
            Uni<ObjectNode> result;
            try {
                R request = parse.apply(args);
                ChatSession session = socket.attachment();
                result = ordered ? session.inOrder(() -> action.apply(socket, request)) : action.apply(socket, request);
            } catch (ChatException e) {
                answer(event, start, ack, failure(e));
                return;
            }
            result.subscribe().with(ok -> answer(event, start, ack, ok),
                    error -> answer(event, start, ack, failure(error)));
        };
    }

    /** Acks and records the latency by event and outcome (ok or the error code: a fixed set). */
    private void answer(String event, long startNanos, Ack ack, ObjectNode result) {
        String outcome = result.path("ok").asBoolean() ? "ok" : result.path("error").path("code").asText("INTERNAL");
        ackTimer(event, outcome).record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
        reply(ack, result);
    }

    /** The ack timer of an event and outcome, looked up in the registry once (a fixed set of tags). */
    private Timer ackTimer(String event, String outcome) {
        Map<String, Timer> byOutcome = ackTimers.computeIfAbsent(event, e -> new ConcurrentHashMap<>());
        Timer timer = byOutcome.get(outcome);
        if (timer == null) {
            timer = byOutcome.computeIfAbsent(outcome, o -> Timer.builder("parley.chat.ack")
                    .tags("event", event, "outcome", o).publishPercentileHistogram().register(registry));
        }
        return timer;
    }

    private static ObjectNode failure(Throwable error) {
        if (error instanceof ChatException chat) {
            return failure(chat);
        }
        LOG.errorf(error, "chat event failed");
        return ErrorAcks.error(ErrorCode.INTERNAL.name(), "the server could not handle this event");
    }

    private static ObjectNode failure(ChatException e) {
        ObjectNode body = ErrorAcks.error(e.code().name(), e.getMessage());
        if (e.retryAfterMs() >= 0) {
            ((ObjectNode) body.get("error")).put("retryAfterMs", e.retryAfterMs());
        }
        return body;
    }

    private static void reply(Ack ack, ObjectNode result) {
        ack.send(result);
    }
}
