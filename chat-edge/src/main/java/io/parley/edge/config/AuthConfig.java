package io.parley.edge.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How sockets are authenticated (prefix {@code parley.auth}). */
@ConfigMapping(prefix = "parley.auth")
public interface AuthConfig {

    enum Mode {
        /** OpenID Connect access tokens (the production mode). */
        OIDC,
        /** The user id is taken from the CONNECT auth payload unchecked: local development only. */
        INSECURE_DEV
    }

    /** Authentication mode: {@code oidc} or {@code insecure-dev}. */
    @WithDefault("oidc")
    Mode mode();
}
