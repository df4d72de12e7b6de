package io.parley.notifier.service;

import java.util.EnumMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import org.jboss.logging.Logger;

import io.parley.notifier.entity.Provider;
import io.parley.notifier.provider.PushProvider;
import io.quarkus.runtime.StartupEvent;

/** The providers by kind. */
@ApplicationScoped
public class ProviderRegistry {

    private static final Logger LOG = Logger.getLogger(ProviderRegistry.class);

    private final Map<Provider, PushProvider> providers = new EnumMap<>(Provider.class);

    public ProviderRegistry(Instance<PushProvider> all) {
        for (PushProvider p : all) {
            providers.put(p.kind(), p);
        }
    }

    void logEnabled(@jakarta.enterprise.event.Observes StartupEvent ev) {
        for (PushProvider p : providers.values()) {
            LOG.infof("push provider %s: %s", p.kind(), p.enabled() ? "enabled" : "disabled (not configured)");
        }
    }

    public PushProvider get(Provider kind) {
        return providers.get(kind);
    }

    public boolean enabled(Provider kind) {
        PushProvider p = providers.get(kind);
        return p != null && p.enabled();
    }
}
