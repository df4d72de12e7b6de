package io.parley.edge.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Socket.IO settings (prefix {@code parley.socketio}). */
@ConfigMapping(prefix = "parley.socketio")
public interface SocketIoConfig {

    /** A session that has not connected to any namespace by then is closed. */
    @WithDefault("45s")
    Duration connectTimeout();

    /** Default time a server-to-client emit with an ack waits before it fails. */
    @WithDefault("10s")
    Duration ackTimeout();

    /** Most binary attachments one packet may announce. */
    @WithDefault("10")
    int maxAttachments();
}
