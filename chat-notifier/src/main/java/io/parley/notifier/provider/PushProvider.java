package io.parley.notifier.provider;

import io.parley.notifier.entity.Provider;
import io.parley.notifier.mapping.DeviceTarget;
import io.parley.notifier.mapping.PushNotification;
import io.smallrye.mutiny.Uni;

/**
 * One push provider. {@link #send} makes one attempt, never blocks the calling thread, and reports
 * the outcome as an item (a failure of the Uni is read as a transient error). Retries, timeouts and
 * dead letters are the dispatcher's job.
 */
public interface PushProvider {

    Provider kind();

    /** Whether this provider is configured; devices of a disabled provider are not accepted. */
    boolean enabled();

    /** Why a device registration is invalid for this provider, or null when it is fine. */
    default String validate(String token, String p256dh, String auth) {
        return null;
    }

    Uni<SendResult> send(DeviceTarget device, PushNotification notification);
}
