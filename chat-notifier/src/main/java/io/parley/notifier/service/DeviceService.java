package io.parley.notifier.service;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.parley.notifier.entity.DeviceEntity;
import io.parley.notifier.entity.Provider;
import io.parley.notifier.mapping.DeviceView;
import io.parley.notifier.mapping.RegisterDeviceRequest;
import io.parley.notifier.provider.PushProvider;
import io.parley.notifier.repository.DeviceRepository;
import io.parley.notifier.rest.ProblemException;

/** Device registration. A (provider, token) pair belongs to one user: registering it again moves it. */
@ApplicationScoped
public class DeviceService {

    /** Result of a registration: the device and whether it is new. */
    public record Registered(DeviceView device, boolean created) {
    }

    private final DeviceRepository devices;
    private final ProviderRegistry providers;

    public DeviceService(DeviceRepository devices, ProviderRegistry providers) {
        this.devices = devices;
        this.providers = providers;
    }

    @Transactional
    public Registered register(String userId, RegisterDeviceRequest req) {
        PushProvider provider = providers.get(req.provider());
        if (provider == null || !provider.enabled()) {
            throw ProblemException.invalid("provider " + req.provider() + " is not configured on this server",
                    "provider");
        }
        String p256dh = req.keys() == null ? null : req.keys().p256dh();
        String auth = req.keys() == null ? null : req.keys().auth();
        if (req.provider() != Provider.WEBPUSH && (p256dh != null || auth != null)) {
            throw ProblemException.invalid("keys are only for WEBPUSH subscriptions", "keys");
        }
        String problem = provider.validate(req.token(), p256dh, auth);
        if (problem != null) {
            throw ProblemException.invalid(problem, req.provider() == Provider.WEBPUSH && problem.startsWith("keys")
                    ? "keys" : "token");
        }
        Instant now = Instant.now();
        DeviceEntity d = devices.byToken(req.provider(), req.token()).orElse(null);
        boolean created = d == null;
        if (created) {
            d = new DeviceEntity();
            d.id = UUID.randomUUID();
            d.provider = req.provider();
            d.token = req.token();
            d.createdAt = now;
        }
        d.userId = userId;
        d.p256dh = p256dh;
        d.auth = auth;
        d.label = req.label();
        d.updatedAt = now;
        if (created) {
            devices.persist(d);
        }
        return new Registered(DeviceView.of(d), created);
    }

    @Transactional
    public List<DeviceView> list(String userId) {
        return devices.byUser(userId).stream().map(DeviceView::of).toList();
    }

    /** The device's owner, or null when there is no such device. */
    @Transactional
    public String owner(UUID id) {
        DeviceEntity d = devices.findById(id);
        return d == null ? null : d.userId;
    }

    @Transactional
    public boolean remove(UUID id) {
        return devices.deleteById(id);
    }
}
