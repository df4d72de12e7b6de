package io.parley.edge.oidc;

import java.util.Map;

import io.parley.edge.support.Tokens;
import io.quarkus.test.junit.QuarkusTestProfile;

/** The edge in {@code parley.auth.mode=oidc} against the test Keycloak ({@link Tokens#authServerUrl()}). */
public class OidcTestProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("parley.auth.mode", "oidc",
                "quarkus.oidc.tenant-enabled", "true",
                "quarkus.oidc.auth-server-url", Tokens.authServerUrl());
    }
}
