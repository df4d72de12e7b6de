package io.parley.edge.chat;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.parley.edge.identity.Identity;
import io.parley.edge.identity.IdentityResolver;
import io.parley.edge.ratelimit.RateLimits;
import io.parley.edge.security.SecurityEvents;
import io.parley.edge.socketio.Socket;
import io.smallrye.mutiny.Uni;

/**
 * The lifetime of a socket's token. At the token's {@code exp} the socket gets {@code auth:expired}
 * {@code {}} and is disconnected by the server; before that, {@code auth:refresh {token}} with a
 * fresh token of the same user moves the deadline. The timer runs on the socket's Vert.x context
 * and is cancelled when the socket disconnects.
 */
@ApplicationScoped
public class SessionAuth {

    public static final String EVENT_AUTH_EXPIRED = "auth:expired";
    public static final String AUTH_REFRESH = "auth:refresh";

    private final IdentityResolver identities;
    private final SecurityEvents security;
    private final RateLimits limits;
    private final Clock clock = Clock.systemUTC();

    @Inject
    public SessionAuth(IdentityResolver identities, SecurityEvents security, RateLimits limits) {
        this.identities = identities;
        this.security = security;
        this.limits = limits;
    }

    /** Starts the expiry timer of a socket that just connected. */
    public void connected(Socket socket) {
        schedule(socket, socket.attachment());
    }

    /** Cancels the expiry timer of a socket that disconnected. */
    public void disconnected(Socket socket) {
        ChatSession session = socket.attachment();
        if (session != null) {
            long timer = session.expiryTimer(-1);
            if (timer >= 0) {
                socket.namespace().vertx().cancelTimer(timer);
            }
        }
    }

    private void schedule(Socket socket, ChatSession session) {
        long expiresAt = session.identity().expiresAtMillis();
        if (expiresAt == Long.MAX_VALUE) {
            return;
        }
        long delay = Math.max(1, expiresAt - clock.millis());
        long timer = socket.setTimer(delay, t -> expire(socket, session, t));
        long previous = session.expiryTimer(timer);
        if (previous >= 0) {
            socket.namespace().vertx().cancelTimer(previous);
        }
    }

    private void expire(Socket socket, ChatSession session, long timerId) {
        if (!session.clearExpiryTimer(timerId)) {
            return; // refreshed meanwhile: a newer timer owns the socket
        }
        if (!socket.connected()) {
            return;
        }
        security.record(SecurityEvents.Reason.TOKEN_EXPIRED, session.userId(),
                limits.clientIp(socket.handshake()), null);
        socket.emit(EVENT_AUTH_EXPIRED, JsonNodeFactory.instance.objectNode());
        socket.disconnect();
    }

    /** {@code auth:refresh {token}}: ack {@code {ok:true, expiresAt}} or AUTH_INVALID. */
    public Uni<ObjectNode> refresh(Socket socket, ArrayNode args) {
        JsonNode payload = args.size() > 0 ? args.get(0) : null;
        JsonNode token = payload == null ? null : payload.get("token");
        if (token == null || !token.isTextual()) {
            throw new ChatException(ErrorCode.BAD_REQUEST, "auth:refresh needs {token: string}");
        }
        ChatSession session = socket.attachment();
        return identities.refresh(token.textValue())
                .onFailure().transform(failure -> invalid(socket, session))
                .map(identity -> {
                    if (!identity.userId().equals(session.userId())) {
                        throw invalid(socket, session);
                    }
                    session.identity(identity);
                    schedule(socket, session);
                    return JsonNodeFactory.instance.objectNode().put("ok", true)
                            .put("expiresAt", identity.expiresAtMillis());
                });
    }

    private ChatException invalid(Socket socket, ChatSession session) {
        security.record(SecurityEvents.Reason.REFRESH_INVALID, session.userId(), limits.clientIp(socket.handshake()),
                null);
        return new ChatException(ErrorCode.AUTH_INVALID, "the token is not valid for this session");
    }

    /** The identity a socket currently acts as. */
    public static Identity identityOf(Socket socket) {
        ChatSession session = socket.attachment();
        return session == null ? null : session.identity();
    }
}
