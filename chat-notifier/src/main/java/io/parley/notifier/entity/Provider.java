package io.parley.notifier.entity;

/** The push providers a device can be registered with. */
public enum Provider {
    /** Web Push (RFC 8030/8291/8292): token = subscription endpoint, plus keys p256dh and auth. */
    WEBPUSH,
    /** Firebase Cloud Messaging HTTP v1: token = registration token. */
    FCM,
    /** Apple Push Notification service: token = device token (hex). */
    APNS,
    /** Signed webhook to the operator's integration: token = an opaque recipient id. */
    WEBHOOK
}
