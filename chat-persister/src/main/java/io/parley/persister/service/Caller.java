package io.parley.persister.service;

import java.util.Set;

/**
 * The authenticated caller of an API request: its user id (from the token's configured claim) and
 * its roles (from the configured role claim path). Built by {@code rest.CallerProducer}.
 */
public record Caller(String userId, Set<String> roles) {

    public Caller {
        roles = Set.copyOf(roles);
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }
}
