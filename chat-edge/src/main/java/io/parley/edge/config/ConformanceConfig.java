package io.parley.edge.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The {@code conformance} profile: the reference test server of the Socket.IO and Engine.IO protocol
 * projects instead of the chat events (prefix {@code parley.conformance}).
 */
@ConfigMapping(prefix = "parley.conformance")
public interface ConformanceConfig {

    /** Serve the reference test namespaces and the bare Engine.IO echo at /engine.io/. */
    @WithDefault("false")
    boolean enabled();
}
