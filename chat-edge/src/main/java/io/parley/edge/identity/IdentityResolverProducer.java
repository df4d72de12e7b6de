package io.parley.edge.identity;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;

import org.jboss.logging.Logger;

import io.parley.edge.config.AuthConfig;
import io.quarkus.oidc.TenantIdentityProvider;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;

/**
 * Chooses the identity resolver from {@code parley.auth.mode}, and refuses to start with
 * {@code insecure-dev} in the {@code prod} profile.
 */
@ApplicationScoped
public class IdentityResolverProducer {

    private static final Logger LOG = Logger.getLogger(IdentityResolverProducer.class);

    private final AuthConfig config;

    public IdentityResolverProducer(AuthConfig config) {
        this.config = config;
    }

    /** Fails startup when insecure-dev is configured in the prod profile. */
    void check(@Observes StartupEvent event) {
        checkMode(config.mode(), ConfigUtils.getProfiles());
        if (config.mode() == AuthConfig.Mode.INSECURE_DEV) {
            LOG.warnf("parley.auth.mode=insecure-dev (profile %s): any client can claim any user id. "
                    + "Never run this in production.", String.join(",", ConfigUtils.getProfiles()));
        }
    }

    static void checkMode(AuthConfig.Mode mode, List<String> profiles) {
        if (mode == AuthConfig.Mode.INSECURE_DEV && profiles.contains(LaunchMode.NORMAL.getDefaultProfile())) {
            throw new IllegalStateException("parley.auth.mode=insecure-dev is not allowed in the prod profile: "
                    + "it lets any client claim any user id. Use parley.auth.mode=oidc with "
                    + "quarkus.oidc.auth-server-url, or run a non-prod profile for local experiments.");
        }
    }

    @Produces
    @ApplicationScoped
    IdentityResolver resolver(Instance<TenantIdentityProvider> oidc) {
        return switch (config.mode()) {
            case INSECURE_DEV -> new InsecureDevIdentityResolver();
            case OIDC -> new OidcIdentityResolver(oidc.get(), config);
        };
    }
}
