package io.parley.insights.mapping;

/** A room's messages and distinct senders within a window. */
public record RoomActivity(String roomId, long messages, long activeSenders) {
}
