package io.parley.notifier.mapping;

import java.util.UUID;

import io.parley.notifier.entity.DeviceEntity;
import io.parley.notifier.entity.Provider;

/** A device as the providers see it (a detached copy of the row). */
public record DeviceTarget(UUID id, String userId, Provider provider, String token, String p256dh, String auth) {

    public static DeviceTarget of(DeviceEntity d) {
        return new DeviceTarget(d.id, d.userId, d.provider, d.token, d.p256dh, d.auth);
    }
}
