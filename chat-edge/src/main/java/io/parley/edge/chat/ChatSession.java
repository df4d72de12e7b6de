package io.parley.edge.chat;

import io.parley.edge.identity.Identity;

/** Per-socket chat state: who the user is and its send budget. */
public record ChatSession(Identity identity, SendRateLimiter sendLimiter) {

    public String userId() {
        return identity.userId();
    }
}
