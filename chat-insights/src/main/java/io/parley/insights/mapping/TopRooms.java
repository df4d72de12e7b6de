package io.parley.insights.mapping;

import java.time.Instant;
import java.util.List;

/** The most active rooms of [from, to) by messages (ties by room id), minute-aligned. */
public record TopRooms(Instant from, Instant to, List<RoomActivity> rooms) {
}
