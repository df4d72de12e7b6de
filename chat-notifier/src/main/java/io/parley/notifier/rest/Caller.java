package io.parley.notifier.rest;

import jakarta.enterprise.context.RequestScoped;

import io.quarkus.security.identity.SecurityIdentity;

import org.eclipse.microprofile.jwt.JsonWebToken;

/** The authenticated caller: user id = the token's {@code sub}; {@code parley-admin} may act for anyone. */
@RequestScoped
public class Caller {

    public static final String ADMIN_ROLE = "parley-admin";

    private final SecurityIdentity identity;
    private final JsonWebToken jwt;

    public Caller(SecurityIdentity identity, JsonWebToken jwt) {
        this.identity = identity;
        this.jwt = jwt;
    }

    public String userId() {
        String sub = jwt.getSubject();
        if (sub == null || sub.isBlank()) {
            throw ProblemException.forbidden("the token has no subject");
        }
        return sub;
    }

    public boolean isAdmin() {
        return identity.hasRole(ADMIN_ROLE);
    }

    /** Checks that the caller may act for {@code userId}: itself, or an admin. */
    public String actFor(String userId) {
        if (!userId.equals(userId()) && !isAdmin()) {
            throw ProblemException.forbidden("you may only manage your own devices and settings");
        }
        return userId;
    }
}
