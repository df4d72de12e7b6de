package io.parley.edge.identity;

import java.util.Set;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import io.parley.edge.config.AuthConfig;
import io.parley.edge.socketio.Socket;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.TenantIdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * {@code parley.auth.mode=oidc}: the access token of the CONNECT auth payload ({@code {"token": ...}})
 * or of the handshake's {@code Authorization: Bearer} header is verified by quarkus-oidc against the
 * provider's keys (JWKS): signature and algorithm, issuer, audience, expiry. Verification is
 * asynchronous (keys are fetched with the Vert.x client and cached), so the event loop never blocks.
 * Whatever check fails, the client only learns AUTH_INVALID; the reason is logged at DEBUG without
 * the token.
 */
public final class OidcIdentityResolver implements IdentityResolver {

    private static final Logger LOG = Logger.getLogger(OidcIdentityResolver.class);
    private static final String BEARER = "bearer ";

    private final TenantIdentityProvider provider;
    private final AuthConfig config;

    public OidcIdentityResolver(TenantIdentityProvider provider, AuthConfig config) {
        this.provider = provider;
        this.config = config;
    }

    @Override
    public Uni<Identity> resolve(Socket socket) {
        String token;
        JsonNode fromPayload = socket.auth().get("token");
        if (fromPayload != null && !fromPayload.isNull()) {
            if (!fromPayload.isTextual()) {
                return Uni.createFrom().failure(AuthException.invalid());
            }
            token = fromPayload.textValue();
        } else {
            token = bearerOf(socket.handshake().header("Authorization"));
        }
        if (token == null || token.isBlank()) {
            return Uni.createFrom().failure(AuthException.required());
        }
        return verify(token);
    }

    @Override
    public Uni<Identity> refresh(String token) {
        if (token == null || token.isBlank()) {
            return Uni.createFrom().failure(AuthException.invalid());
        }
        return verify(token);
    }

    /** The token of an {@code Authorization: Bearer <token>} header, or {@code null}. */
    static String bearerOf(String header) {
        if (header == null || header.length() <= BEARER.length()
                || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        return header.substring(BEARER.length()).trim();
    }

    private Uni<Identity> verify(String token) {
        if (token.length() > config.maxTokenLength()) {
            return Uni.createFrom().failure(AuthException.invalid());
        }
        Uni<SecurityIdentity> authenticated;
        try {
            authenticated = provider.authenticate(new AccessTokenCredential(token));
        } catch (RuntimeException e) {
            authenticated = Uni.createFrom().failure(e);
        }
        return authenticated
                .onFailure().transform(failure -> {
                    LOG.debugf("token refused: %s", failure.getClass().getSimpleName());
                    return AuthException.invalid();
                })
                .map(identity -> toIdentity(identity, token));
    }

    private Identity toIdentity(SecurityIdentity identity, String token) {
        if (identity == null || identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            throw AuthException.invalid();
        }
        String userId = text(jwt.getClaim(config.userIdClaim()));
        if (userId == null || userId.isEmpty() || userId.length() > 128 || !printable(userId)) {
            LOG.debugf("token refused: no usable '%s' claim", config.userIdClaim());
            throw AuthException.invalid();
        }
        String name = text(jwt.getClaim(config.nameClaim()));
        if (name == null || name.isBlank()) {
            name = text(jwt.getClaim("preferred_username"));
        }
        long exp = jwt.getExpirationTime();
        long expiresAt = exp > 0 ? exp * 1000 : Long.MAX_VALUE;
        return new Identity(userId, name == null || name.isBlank() ? userId : name, Set.copyOf(identity.getRoles()),
                token, expiresAt);
    }

    private static String text(Object claim) {
        if (claim == null) {
            return null;
        }
        if (claim instanceof jakarta.json.JsonString json) {
            return json.getString();
        }
        return claim.toString();
    }

    /** No whitespace or control characters: the id ends up in room names and Redis keys. */
    private static boolean printable(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= ' ' || c == 0x7f) {
                return false;
            }
        }
        return true;
    }
}
