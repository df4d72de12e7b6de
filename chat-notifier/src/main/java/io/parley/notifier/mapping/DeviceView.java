package io.parley.notifier.mapping;

import java.time.Instant;
import java.util.UUID;

import io.parley.notifier.entity.DeviceEntity;
import io.parley.notifier.entity.Provider;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** A registered device as the API shows it (the web push keys are not echoed). */
@RegisterForReflection
public record DeviceView(UUID id, String userId, Provider provider, String token, String label, Instant createdAt,
        Instant updatedAt) {

    public static DeviceView of(DeviceEntity d) {
        return new DeviceView(d.id, d.userId, d.provider, d.token, d.label, d.createdAt, d.updatedAt);
    }
}
