package io.parley.notifier.mapping;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import io.parley.notifier.entity.Provider;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Body of {@code POST /api/devices}. For WEBPUSH, {@code token} is the subscription's endpoint and
 * {@code keys} its p256dh/auth (as in {@code PushSubscription.toJSON()}).
 */
@RegisterForReflection
public record RegisterDeviceRequest(@NotNull Provider provider, @NotBlank @Size(max = 2048) String token,
        Keys keys, @Size(max = 128) String label) {

    @RegisterForReflection
    public record Keys(@Size(max = 128) String p256dh, @Size(max = 64) String auth) {
    }
}
