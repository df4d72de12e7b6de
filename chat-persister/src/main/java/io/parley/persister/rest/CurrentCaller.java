package io.parley.persister.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonString;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.parley.persister.config.AuthConfig;
import io.parley.persister.service.Caller;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * The caller of the current request, from its validated bearer token: the user id from the
 * configured claim ({@code parley.auth.user-id-claim}, default {@code sub}) and the roles quarkus-oidc
 * mapped from {@code quarkus.oidc.roles.role-claim-path}. A token without a usable user id is refused
 * like a bad token (401).
 */
@ApplicationScoped
public class CurrentCaller {

    /** Longest user id accepted (the database columns hold 128 characters). */
    public static final int MAX_USER_ID_LENGTH = 128;

    private final SecurityIdentity identity;
    private final AuthConfig auth;

    public CurrentCaller(SecurityIdentity identity, AuthConfig auth) {
        this.identity = identity;
        this.auth = auth;
    }

    public Caller get() {
        if (identity.isAnonymous()) {
            throw ProblemException.unauthorized("a bearer access token is required");
        }
        String userId = null;
        if (identity.getPrincipal() instanceof JsonWebToken jwt) {
            Object claim = jwt.getClaim(auth.userIdClaim());
            userId = claim instanceof JsonString s ? s.getString() : claim instanceof String s ? s : null;
        }
        if (userId == null || userId.isBlank() || userId.length() > MAX_USER_ID_LENGTH) {
            throw ProblemException.unauthorized("the access token has no usable user id");
        }
        return new Caller(userId, identity.getRoles());
    }
}
