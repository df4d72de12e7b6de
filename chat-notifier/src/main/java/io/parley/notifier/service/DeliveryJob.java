package io.parley.notifier.service;

import io.parley.notifier.mapping.DeviceTarget;
import io.parley.notifier.mapping.PushNotification;

/**
 * One notification for one device, with the attempts already made (by an earlier process, for a
 * recovered delivery).
 */
public record DeliveryJob(String messageId, DeviceTarget device, PushNotification notification, int attemptsDone) {
}
