package io.parley.edge.chat;

import java.time.Clock;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.parley.edge.chat.ChatRequests.RoomRequest;
import io.parley.edge.chat.ChatRequests.SendRequest;
import io.parley.edge.chat.ChatRequests.TypingRequest;
import io.parley.edge.config.ChatConfig;
import io.parley.edge.config.PipelineConfig;
import io.parley.edge.pipeline.ChatEventPublisher;
import io.parley.edge.pipeline.PersisterClient;
import io.parley.edge.pipeline.UserEventRecorder;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import io.parley.events.ChatMessageEvent;
import io.parley.edge.identity.Identity;
import io.parley.edge.presence.PresenceService;
import io.parley.edge.ratelimit.RateLimits;
import io.parley.edge.security.RoomAccess;
import io.parley.edge.security.SecurityEvents;
import io.parley.edge.socketio.Socket;
import io.smallrye.mutiny.Uni;

/** The chat actions of a connected socket: joining and leaving rooms, sending, typing. */
@ApplicationScoped
public class ChatService {

    public static final String EVENT_MESSAGE_NEW = "message:new";
    public static final String EVENT_TYPING = "typing";
    public static final String EVENT_MESSAGE_RETRACTED = "message:retracted";

    private final ChatConfig config;
    private final ChatFanout fanout;
    private final ChatEventPublisher publisher;
    private final UserEventRecorder userEvents;
    private PersisterClient persister;
    private final MessageIds ids = new MessageIds();
    private final Clock clock;
    private final RateLimits limits;
    private final PresenceService presence;
    private RoomAccess access;
    private SecurityEvents security;
    private OverloadGuard overload;

    @Inject
    public ChatService(ChatConfig config, ChatFanout fanout, ChatEventPublisher publisher, PipelineConfig pipeline,
            RateLimits limits, PresenceService presence, UserEventRecorder userEvents,
            @RestClient PersisterClient persister, RoomAccess access, SecurityEvents security, OverloadGuard overload) {
        this(config, fanout, pipeline.enabled() ? publisher : null, limits, presence, userEvents, Clock.systemUTC());
        this.persister = persister;
        this.overload = overload;
        this.access = access;
        this.security = security;
    }

    ChatService(ChatConfig config, ChatFanout fanout, ChatEventPublisher publisher, RateLimits limits,
            PresenceService presence, UserEventRecorder userEvents, Clock clock) {
        this.userEvents = userEvents;
        this.config = config;
        this.fanout = fanout;
        this.publisher = publisher;
        this.limits = limits;
        this.presence = presence;
        this.clock = clock;
    }

    /** The room every socket of a user is in. */
    public static String userRoom(String userId) {
        return ChatRequests.USER_ROOM_PREFIX + userId;
    }

    /** Binds the authenticated user to the socket and puts it in its user room. */
    public Uni<Void> open(Socket socket, Identity identity) {
        ChatSession session = new ChatSession(identity,
                new SendRateLimiter(config.sendRatePerSecond(), config.sendBurst(), clock.millis()));
        socket.attach(session);
        return socket.join(userRoom(identity.userId()));
    }

    public Uni<ObjectNode> join(Socket socket, RoomRequest request) {
        ObjectNode ack = ok();
        ack.put("roomId", request.roomId());
        if (socket.inRoom(request.roomId())) {
            return Uni.createFrom().item(ack);
        }
        // the socket's own room and its user room do not count
        if (socket.roomCount() - 2 >= config.maxRoomsPerSocket()) {
            throw new ChatException(ErrorCode.TOO_MANY_ROOMS,
                    "a socket may be in at most " + config.maxRoomsPerSocket() + " rooms");
        }
        ChatSession session = socket.attachment();
        return limits.acquire(RateLimits.Action.JOIN, session.userId(), socket.handshake())
                .chain(retryAfter -> {
                    if (retryAfter > 0) {
                        securityEvent(SecurityEvents.Reason.RATE_LIMITED_JOIN, socket, request.roomId());
                        throw new ChatException(ErrorCode.RATE_LIMITED, "too many joins", retryAfter);
                    }
                    return access.check(session.identity(), request.roomId())
                            .onFailure(ChatException.class).invoke(refused -> securityEvent(
                                    ((ChatException) refused).code() == ErrorCode.NOT_FOUND
                                            ? SecurityEvents.Reason.JOIN_NOT_FOUND
                                            : SecurityEvents.Reason.JOIN_FORBIDDEN,
                                    socket, request.roomId()));
                })
                .chain(() -> socket.join(request.roomId()))
                .chain(() -> presence.joined(socket, request.roomId()))
                .invoke(() -> userEvents.joined(socket, request.roomId()))
                .replaceWith(ack);
    }

    public Uni<ObjectNode> leave(Socket socket, RoomRequest request) {
        boolean wasMember = socket.inRoom(request.roomId());
        socket.leave(request.roomId());
        if (wasMember) {
            userEvents.left(socket, request.roomId());
        }
        return presence.left(socket, request.roomId()).replaceWith(ok());
    }

    /** A page of the room's stored history, from chat-persister; members only. */
    public Uni<ObjectNode> history(Socket socket, ChatRequests.HistoryRequest request) {
        if (!socket.inRoom(request.roomId())) {
            throw new ChatException(ErrorCode.NOT_A_MEMBER, "join the room before reading its history");
        }
        ChatSession session = socket.attachment();
        return persister.history(session.identity().bearer(), request.roomId(), request.beforeSeq(), request.limit())
                .ifNoItem().after(java.time.Duration.ofSeconds(5)).fail()
                .onFailure().transform(ChatService::historyFailure)
                .map(page -> {
                    ObjectNode ack = ok();
                    ack.put("roomId", request.roomId());
                    ack.set("messages", page.path("messages"));
                    ack.put("hasMore", page.path("hasMore").asBoolean(false));
                    ack.set("nextBeforeSeq", page.path("nextBeforeSeq"));
                    return ack;
                });
    }

    private static ChatException historyFailure(Throwable failure) {
        int status = failure instanceof jakarta.ws.rs.WebApplicationException web && web.getResponse() != null
                ? web.getResponse().getStatus()
                : 0;
        return switch (status) {
            case 401 -> new ChatException(ErrorCode.AUTH_INVALID, "the token is no longer valid");
            case 403 -> new ChatException(ErrorCode.FORBIDDEN, "not allowed to read this room");
            default -> new ChatException(ErrorCode.UNAVAILABLE, "the history is not available right now, retry later");
        };
    }

    /** The user read the room up to {@code seq}: recorded for unread counts (user-events READ). */
    public Uni<ObjectNode> read(Socket socket, ChatRequests.ReadRequest request) {
        if (!socket.inRoom(request.roomId())) {
            throw new ChatException(ErrorCode.NOT_A_MEMBER, "join the room before marking it read");
        }
        userEvents.read(socket, request.roomId(), request.seq());
        return Uni.createFrom().item(ok());
    }

    /** The online members of a room the socket is in, cluster-wide. */
    public Uni<ObjectNode> members(Socket socket, RoomRequest request) {
        if (!socket.inRoom(request.roomId())) {
            throw new ChatException(ErrorCode.NOT_A_MEMBER, "join the room before listing its members");
        }
        return presence.members(request.roomId())
                .onFailure().transform(failure -> new ChatException(ErrorCode.UNAVAILABLE,
                        "presence is unavailable, retry later"))
                .map(members -> {
                    ObjectNode ack = ok();
                    ack.put("roomId", request.roomId());
                    var list = ack.putArray("members");
                    for (String userId : members.userIds()) {
                        list.addObject().put("userId", userId).put("status", "online");
                    }
                    ack.put("total", members.total());
                    return ack;
                });
    }

    /**
     * Checks, numbers and delivers a message, then waits for Kafka. The checks and the numbering run
     * in the socket's order ({@link ChatSession#inOrder}); the wait for Kafka overlaps the next sends.
     */
    public Uni<ObjectNode> send(Socket socket, SendRequest request) {
        long overloaded = overload == null ? 0 : overload.retryAfterMillis();
        if (overloaded > 0) {
            // refused before any work: the cheapest answer while this node catches up
            throw new ChatException(ErrorCode.UNAVAILABLE, "the server is overloaded; the message was not sent, retry later",
                    overloaded);
        }
        ChatSession session = socket.attachment();
        long retryAfter = session.sendLimiter().tryAcquire(clock.millis());
        if (retryAfter > 0) {
            securityEvent(SecurityEvents.Reason.RATE_LIMITED_SEND, socket, request.roomId());
            throw new ChatException(ErrorCode.RATE_LIMITED, "too many messages", retryAfter);
        }
        UUID id = ids.next(clock.millis());
        ChatMessage message = new ChatMessage(id.toString(), request.roomId(), session.userId(), request.body(),
                request.clientMsgId(), MessageIds.timestampOf(id));
        String dedupKey = request.clientMsgId() == null ? null
                : fanout.dedupKey(request.roomId(), session.userId(), request.clientMsgId());
        return session.inOrder(() -> {
            if (!socket.inRoom(request.roomId())) {
                throw new ChatException(ErrorCode.NOT_A_MEMBER, "join the room before sending to it");
            }
            if (!limits.active()) {
                return numbered(socket, request, message, dedupKey);
            }
            return limits.acquire(RateLimits.Action.SEND, session.userId(), socket.handshake()).chain(wait -> {
                if (wait > 0) {
                    securityEvent(SecurityEvents.Reason.RATE_LIMITED_SEND, socket, request.roomId());
                    throw new ChatException(ErrorCode.RATE_LIMITED, "too many messages", wait);
                }
                return numbered(socket, request, message, dedupKey);
            });
        }).chain(delivery -> delivery).chain(result -> switch (result.status()) {
                    case DUPLICATE -> Uni.createFrom().item(sendAck(result).put("duplicate", true));
                    case IN_FLIGHT -> Uni.createFrom().failure(new ChatException(ErrorCode.UNAVAILABLE,
                            "a send with this clientMsgId is still in progress; retry", 500));
                    case DELIVERED -> persist(socket, message, result, dedupKey);
                });
    }

    /**
     * The socket's ordered step of a send: it ends once the message has its place in the room's
     * numbering. Where the fan-out numbers messages in the order they are handed to it, that is as
     * soon as it has the message, and the socket's next send goes on while Redis works; otherwise
     * the step waits for the number.
     */
    private Uni<Uni<ChatFanout.Result>> numbered(Socket socket, SendRequest request, ChatMessage message,
            String dedupKey) {
        if (!fanout.numbersInSubscriptionOrder()) {
            return deliver(socket, request, message, dedupKey).map(result -> Uni.createFrom().item(result));
        }
        Uni<ChatFanout.Result> delivery = deliver(socket, request, message, dedupKey).memoize().indefinitely();
        delivery.subscribe().with(result -> {
        }, failure -> {
            // the sender's chain subscribes again and gets the same failure
        });
        return Uni.createFrom().item(delivery);
    }

    private Uni<ChatFanout.Result> deliver(Socket socket, SendRequest request, ChatMessage message, String dedupKey) {
        return fanout.deliver(socket.namespace(), EVENT_MESSAGE_NEW, request.roomId(), message.toJson(), dedupKey)
                .onFailure().transform(failure -> failure instanceof ChatException refused ? refused
                        : new ChatException(ErrorCode.UNAVAILABLE,
                                "the message could not be delivered; it was not sent, retry later"));
    }

    /**
     * The message went out live; the sender's ack waits for Kafka. If Kafka does not acknowledge in
     * time, the room gets {@code message:retracted} and the sender UNAVAILABLE, so that no receiver
     * keeps a message that is not stored, and a resend with the same clientMsgId is delivered anew.
     */
    private Uni<ObjectNode> persist(Socket socket, ChatMessage message, ChatFanout.Result result, String dedupKey) {
        if (publisher == null) {
            fanout.completed(dedupKey, result);
            return Uni.createFrom().item(sendAck(result));
        }
        ChatMessageEvent event = ChatMessageEvent.of(message.id(), message.roomId(), result.seq(), message.senderId(),
                message.body(), message.clientMsgId(), message.ts(), socket.namespace().nodeId());
        return publisher.publish(event).map(ok -> {
            fanout.completed(dedupKey, result);
            return sendAck(result);
        }).onFailure().recoverWithUni(failure -> {
            fanout.failed(dedupKey);
            ObjectNode retraction = JsonNodeFactory.instance.objectNode();
            retraction.put("id", message.id());
            retraction.put("roomId", message.roomId());
            retraction.put("seq", result.seq());
            socket.namespace().to(message.roomId()).emit(EVENT_MESSAGE_RETRACTED, retraction);
            return Uni.createFrom().failure(new ChatException(ErrorCode.UNAVAILABLE,
                    "the message could not be stored; it was retracted, resend it later"));
        });
    }

    private static ObjectNode sendAck(ChatFanout.Result result) {
        ObjectNode ack = ok();
        ack.put("id", result.id());
        ack.put("seq", result.seq());
        ack.put("ts", result.ts());
        return ack;
    }

    public Uni<ObjectNode> typing(Socket socket, TypingRequest request) {
        ChatSession session = socket.attachment();
        if (!socket.inRoom(request.roomId())) {
            throw new ChatException(ErrorCode.NOT_A_MEMBER, "join the room before typing in it");
        }
        ObjectNode event = JsonNodeFactory.instance.objectNode();
        event.put("roomId", request.roomId());
        event.put("userId", session.userId());
        event.put("typing", request.typing());
        socket.to(request.roomId()).asVolatile().emit(EVENT_TYPING, event);
        return Uni.createFrom().item(ok());
    }

    private void securityEvent(SecurityEvents.Reason reason, Socket socket, String roomId) {
        if (security != null) {
            security.record(reason, socket.userId(), limits.clientIp(socket.handshake()), roomId);
        }
    }

    private static ObjectNode ok() {
        return JsonNodeFactory.instance.objectNode().put("ok", true);
    }
}
