package io.parley.edge.identity;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.parley.edge.config.AuthConfig.Mode;

class IdentityResolverProducerTest {

    @Test
    void insecureDevIsRefusedInTheProdProfile() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> IdentityResolverProducer.checkMode(Mode.INSECURE_DEV, List.of("prod")));
        assertTrue(e.getMessage().contains("insecure-dev is not allowed in the prod profile"), e.getMessage());
        assertThrows(IllegalStateException.class,
                () -> IdentityResolverProducer.checkMode(Mode.INSECURE_DEV, List.of("e2e", "prod")));
    }

    @Test
    void insecureDevIsAllowedOutsideProdAndOidcEverywhere() {
        assertDoesNotThrow(() -> IdentityResolverProducer.checkMode(Mode.INSECURE_DEV, List.of("test")));
        assertDoesNotThrow(() -> IdentityResolverProducer.checkMode(Mode.INSECURE_DEV, List.of("e2e")));
        assertDoesNotThrow(() -> IdentityResolverProducer.checkMode(Mode.OIDC, List.of("prod")));
    }

    @Test
    void bearerHeaderParsing() {
        assertTrue("abc".equals(OidcIdentityResolver.bearerOf("Bearer abc")));
        assertTrue("abc".equals(OidcIdentityResolver.bearerOf("bearer abc")));
        assertTrue(OidcIdentityResolver.bearerOf("Basic abc") == null);
        assertTrue(OidcIdentityResolver.bearerOf("Bearer ") == null);
        assertTrue(OidcIdentityResolver.bearerOf(null) == null);
    }
}
