package io.parley.edge.chat;

import io.parley.edge.identity.Identity;
import io.parley.edge.socketio.Socket;

/** Per-socket chat state: who the user is and its send budget. */
public record ChatSession(Identity identity, SendRateLimiter sendLimiter) implements Socket.UserBound {

    public String userId() {
        return identity.userId();
    }
}
