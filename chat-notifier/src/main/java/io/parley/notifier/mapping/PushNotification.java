package io.parley.notifier.mapping;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What a device is told: a new message in a room. {@code count} is the number of messages in the
 * room this notification stands for (1, or more when earlier ones fell into a coalescing window).
 * This JSON is the Web Push plaintext, the FCM/APNs custom data and the webhook body's
 * {@code notification}.
 *
 * @param messageId the latest message's id
 * @param roomId    room
 * @param senderId  who sent the latest message
 * @param preview   the start of its body
 * @param count     messages since the user's previous notification for this room, this one included
 * @param ts        when the edge accepted the latest message (Unix ms)
 */
@RegisterForReflection
public record PushNotification(String messageId, String roomId, String senderId, String preview, long count,
        long ts) {

    /** Title shown by FCM and APNs. */
    public String title() {
        return count > 1 ? count + " new messages" : "New message from " + senderId;
    }
}
