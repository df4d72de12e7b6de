package io.parley.edge.identity;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import org.jboss.logging.Logger;

import io.parley.edge.config.AuthConfig;
import io.quarkus.runtime.LaunchMode;

/** Chooses the identity resolver from {@code parley.auth.mode}. */
@ApplicationScoped
public class IdentityResolverProducer {

    private static final Logger LOG = Logger.getLogger(IdentityResolverProducer.class);

    @Produces
    @ApplicationScoped
    IdentityResolver resolver(AuthConfig config) {
        return switch (config.mode()) {
            case INSECURE_DEV -> {
                if (LaunchMode.current() == LaunchMode.NORMAL) {
                    LOG.warn("parley.auth.mode=insecure-dev: any client can claim any user id. "
                            + "Never run this in production.");
                }
                yield new InsecureDevIdentityResolver();
            }
            case OIDC -> throw new IllegalStateException("parley.auth.mode=oidc is not available in this build yet: "
                    + "set parley.auth.mode=insecure-dev for local use (see README.md)");
        };
    }
}
