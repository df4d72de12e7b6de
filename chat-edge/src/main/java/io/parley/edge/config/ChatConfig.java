package io.parley.edge.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Limits of the chat events (prefix {@code parley.chat}). */
@ConfigMapping(prefix = "parley.chat")
public interface ChatConfig {

    /** Largest message body, in characters; a longer one is refused with TOO_LARGE. */
    @WithDefault("4000")
    int maxBodyLength();

    /** Pattern a room id must match. */
    @WithDefault("[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}")
    String roomIdPattern();

    /** Rooms one socket may have joined at once (its own and its user room not counted). */
    @WithDefault("100")
    int maxRoomsPerSocket();

    /** Longest accepted clientMsgId, in characters. */
    @WithDefault("64")
    int maxClientMsgIdLength();

    /** Sustained sends per second one socket may make (token bucket refill rate). */
    @WithDefault("20")
    double sendRatePerSecond();

    /** Burst of sends a socket may make at once (token bucket size). */
    @WithDefault("40")
    int sendBurst();

    /** Shedding of sends while this node is overloaded. */
    Overload overload();

    interface Overload {
        /**
         * Refuse {@code message:send} with {@code UNAVAILABLE} (and {@code retryAfterMs}) while the
         * event loop handling it is further behind than {@code max-delay}: under more load than the
         * node can carry, it delivers what it can at a bounded delay instead of queueing without end.
         */
        @WithDefault("true")
        boolean enabled();

        /**
         * How far behind its schedule an event loop may fall before sends are refused (measured by a
         * probe task run every {@code probe-interval} on each loop).
         */
        @WithDefault("250ms")
        java.time.Duration maxDelay();

        /** How often each event loop runs the probe that measures its delay. */
        @WithDefault("10ms")
        java.time.Duration probeInterval();
    }
}
