package io.parley.edge.chat;

import io.parley.edge.identity.Identity;
import io.parley.edge.socketio.Socket;

/** Per-socket chat state: who the user is, its send budget and the order of its sends. */
public record ChatSession(Identity identity, SendRateLimiter sendLimiter, SendOrder sendOrder)
        implements Socket.UserBound {

    public ChatSession(Identity identity, SendRateLimiter sendLimiter) {
        this(identity, sendLimiter, new SendOrder());
    }

    public String userId() {
        return identity.userId();
    }
}
