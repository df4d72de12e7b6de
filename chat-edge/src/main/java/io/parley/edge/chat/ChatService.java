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
import io.parley.edge.identity.Identity;
import io.parley.edge.socketio.Socket;
import io.smallrye.mutiny.Uni;

/** The chat actions of a connected socket: joining and leaving rooms, sending, typing. */
@ApplicationScoped
public class ChatService {

    public static final String EVENT_MESSAGE_NEW = "message:new";
    public static final String EVENT_TYPING = "typing";

    private final ChatConfig config;
    private final ChatFanout fanout;
    private final MessageIds ids = new MessageIds();
    private final Clock clock;

    @Inject
    public ChatService(ChatConfig config, ChatFanout fanout) {
        this(config, fanout, Clock.systemUTC());
    }

    ChatService(ChatConfig config, ChatFanout fanout, Clock clock) {
        this.config = config;
        this.fanout = fanout;
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
        return socket.join(request.roomId()).replaceWith(ack);
    }

    public Uni<ObjectNode> leave(Socket socket, RoomRequest request) {
        socket.leave(request.roomId());
        return Uni.createFrom().item(ok());
    }

    public Uni<ObjectNode> send(Socket socket, SendRequest request) {
        ChatSession session = socket.attachment();
        if (!socket.inRoom(request.roomId())) {
            throw new ChatException(ErrorCode.NOT_A_MEMBER, "join the room before sending to it");
        }
        long now = clock.millis();
        long retryAfter = session.sendLimiter().tryAcquire(now);
        if (retryAfter > 0) {
            throw new ChatException(ErrorCode.RATE_LIMITED, "too many messages", retryAfter);
        }
        UUID id = ids.next(now);
        ChatMessage message = new ChatMessage(id.toString(), request.roomId(), session.userId(), request.body(),
                request.clientMsgId(), MessageIds.timestampOf(id));
        return fanout.deliver(socket.namespace(), EVENT_MESSAGE_NEW, request.roomId(), message.toJson())
                .onFailure().transform(failure -> new ChatException(ErrorCode.UNAVAILABLE,
                        "the message could not be delivered; it was not sent, retry later"))
                .map(seq -> {
                    ObjectNode ack = ok();
                    ack.put("id", message.id());
                    ack.put("seq", seq);
                    ack.put("ts", message.ts());
                    return ack;
                });
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

    private static ObjectNode ok() {
        return JsonNodeFactory.instance.objectNode().put("ok", true);
    }
}
