package io.parley.edge.identity;

import java.util.Set;

/**
 * The authenticated user behind a socket.
 *
 * @param userId          the user id ({@code parley.auth.user-id-claim}, {@code sub} by default)
 * @param displayName     the display name ({@code parley.auth.name-claim}, then {@code preferred_username})
 * @param roles           the provider's roles ({@code quarkus.oidc.roles.role-claim-path})
 * @param accessToken     the access token the socket authenticated with, forwarded as bearer to
 *                        chat-persister; {@code null} in insecure-dev mode. Never logged.
 * @param expiresAtMillis when the token expires (Unix epoch ms); {@link Long#MAX_VALUE} without a token
 */
public record Identity(String userId, String displayName, Set<String> roles, String accessToken,
        long expiresAtMillis) {

    /** An identity without a token (insecure-dev): it never expires. */
    public Identity(String userId, String displayName, Set<String> roles) {
        this(userId, displayName, roles, null, Long.MAX_VALUE);
    }

    /** The {@code Authorization} header value for calls made on the user's behalf, or {@code null}. */
    public String bearer() {
        return accessToken == null ? null : "Bearer " + accessToken;
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    /** Never prints the token. */
    @Override
    public String toString() {
        return "Identity[userId=" + userId + ", roles=" + roles + ", expiresAtMillis=" + expiresAtMillis + "]";
    }
}
