package io.parley.insights.mapping;

import java.time.Instant;
import java.util.List;

/** Figures of one hour [hour, hour + 1h). */
public record HourFigures(Instant hour, long messages, long activeSenders, long activeUsers,
        List<NodePeak> peakConnections) {
}
