package io.parley.insights.mapping;

import java.time.Instant;
import java.util.List;

/**
 * Figures of a window [from, to), minute-aligned.
 *
 * @param messages         chat messages counted
 * @param activeRooms      rooms with at least one message
 * @param activeSenders    distinct users who sent at least one message
 * @param activeUsers      distinct users with any activity (user event or message) in the hours the
 *                         window overlaps (hour granularity)
 * @param peakConnections  per edge node, the most sockets open at the same time within the window
 */
public record Summary(Instant from, Instant to, long messages, long activeRooms, long activeSenders,
        long activeUsers, List<NodePeak> peakConnections) {
}
