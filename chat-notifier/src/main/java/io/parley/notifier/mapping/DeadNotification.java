package io.parley.notifier.mapping;

import java.util.UUID;

import io.parley.notifier.entity.Provider;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A notification given up on, as written to the notifications dead-letter topic (key = userId).
 *
 * @param reason   {@code RETRIES_EXHAUSTED}, {@code REJECTED} (the provider refused it for good)
 *                 or {@code PROVIDER_DISABLED}
 * @param attempts attempts made
 * @param detail   the last error (HTTP status and body, or exception)
 */
@RegisterForReflection
public record DeadNotification(int schemaVersion, PushNotification notification, String userId, UUID deviceId,
        Provider provider, String reason, int attempts, String detail, long ts) {

    public static final int SCHEMA_VERSION = 1;
}
