package io.parley.edge.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class WebRoutesTest {

    @Test
    void policyAllowsFetchesToTheIssuerOriginOnly() {
        String csp = WebRoutes.contentSecurityPolicy(Optional.of("http://127.0.0.1:8180/realms/parley"));
        assertTrue(csp.contains("connect-src 'self' http://127.0.0.1:8180;"), csp);
        assertTrue(csp.contains("script-src 'self';"), csp);
        assertTrue(csp.contains("object-src 'none'"), csp);
    }

    @Test
    void withoutIssuerOnlyThisOrigin() {
        assertTrue(WebRoutes.contentSecurityPolicy(Optional.empty()).contains("connect-src 'self';"));
    }

    @Test
    void originKeepsSchemeHostAndPort() {
        assertEquals("https://login.example.com", WebRoutes.origin("https://login.example.com/realms/x"));
        assertEquals("http://[::1]:8080", WebRoutes.origin("http://[::1]:8080/a"));
    }
}
