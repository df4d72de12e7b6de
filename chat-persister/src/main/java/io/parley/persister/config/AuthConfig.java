package io.parley.persister.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * What Parley reads from a validated access token (prefix {@code parley.auth}), the same keys as on
 * the edge. Token validation itself (issuer, signature, expiry, audience) is quarkus-oidc's:
 * {@code quarkus.oidc.auth-server-url}, {@code quarkus.oidc.token.audience} and
 * {@code quarkus.oidc.roles.role-claim-path}. See docs/identity.md for other providers.
 */
@ConfigMapping(prefix = "parley.auth")
public interface AuthConfig {

    /** Claim holding the user id (a string of 1..128 characters). */
    @WithDefault("sub")
    String userIdClaim();

    /** Role that may create groups; {@code *} lets every signed-in caller do so (providers without roles). */
    @WithDefault("parley-user")
    String userRole();

    /** Global administrator: administers every group, reads any user's group list. */
    @WithDefault("parley-admin")
    String adminRole();

    /** Trusted backend services (client credentials): may read every group, member list and history. */
    @WithDefault("parley-service")
    String serviceRole();

    /**
     * Whether rooms other than {@code grp:<groupId>} and {@code dm:<userA>:<userB>} (open ad-hoc
     * rooms) are readable by every signed-in caller; when false only services read them.
     */
    @WithDefault("true")
    boolean openRooms();
}
