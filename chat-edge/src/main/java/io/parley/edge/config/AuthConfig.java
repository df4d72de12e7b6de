package io.parley.edge.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How sockets are authenticated and authorized (prefix {@code parley.auth}). The provider itself is
 * configured with the standard quarkus-oidc keys ({@code quarkus.oidc.auth-server-url},
 * {@code quarkus.oidc.token.audience}, {@code quarkus.oidc.roles.role-claim-path}); see docs/identity.md.
 */
@ConfigMapping(prefix = "parley.auth")
public interface AuthConfig {

    enum Mode {
        /** OpenID Connect access tokens (the production mode). */
        OIDC,
        /**
         * The user id is taken from the CONNECT auth payload unchecked: local development and tests
         * only; the service refuses to start with it in the {@code prod} profile.
         */
        INSECURE_DEV
    }

    /** Authentication mode: {@code oidc} or {@code insecure-dev}. */
    @WithDefault("oidc")
    Mode mode();

    /** The token claim holding the user id. */
    @WithDefault("sub")
    String userIdClaim();

    /** The token claim holding the display name; {@code preferred_username} when it is absent. */
    @WithDefault("name")
    String nameClaim();

    /**
     * The global administrator role (in {@code quarkus.oidc.roles.role-claim-path}): sees every group,
     * as on chat-persister; such a user is not mirrored as a member of private groups.
     */
    @WithDefault("parley-admin")
    String adminRole();

    /** Largest accepted access token, in characters; a longer one is refused with AUTH_INVALID. */
    @WithDefault("16384")
    int maxTokenLength();

    /**
     * Whether rooms that are neither a group ({@code grp:<id>}) nor a direct conversation
     * ({@code dm:<a>:<b>}) may be used: open ad-hoc rooms any signed-in user may join.
     */
    @WithDefault("true")
    boolean openRooms();

    /**
     * Lifetime of the Redis mirror of a group's visibility and members ({@code acl:grp:<id>:*}):
     * a membership event this node missed is healed at the latest after this long.
     */
    @WithDefault("10m")
    Duration aclTtl();

    /** Longest wait for chat-persister when a group's access is not in the Redis mirror. */
    @WithDefault("5s")
    Duration aclLookupTimeout();
}
