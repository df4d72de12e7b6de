package io.parley.edge.config;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/** The cluster administration API (prefix {@code parley.admin}). */
@ConfigMapping(prefix = "parley.admin")
public interface AdminConfig {

    /**
     * Bearer token the administration API requires. When unset the API is off (404). The identity
     * issue replaces it with the OIDC admin role.
     */
    Optional<String> token();
}
