package io.parley.edge.config;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The web chat page served at {@code /app/} (prefix {@code parley.web}). */
@ConfigMapping(prefix = "parley.web")
public interface WebConfig {

    /**
     * Serve the web chat page ({@code /app/}, its {@code config.json}, and a redirect from {@code /}).
     */
    @WithDefault("true")
    boolean enabled();

    /**
     * The OIDC issuer the page signs users in with (authorization code + PKCE), as the browser
     * reaches it, e.g. {@code http://127.0.0.1:8180/realms/parley}. Unset: {@code
     * quarkus.oidc.auth-server-url}; neither set: the page cannot sign in (it says so).
     */
    Optional<String> oidcIssuer();

    /** The public OIDC client the page signs in as. */
    @WithDefault("parley-web")
    String clientId();

    /** Scopes the page asks for. */
    @WithDefault("openid profile")
    String scope();
}
