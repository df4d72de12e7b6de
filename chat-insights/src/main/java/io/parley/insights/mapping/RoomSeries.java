package io.parley.insights.mapping;

import java.time.Instant;
import java.util.List;

/** A room's series over [from, to), aligned to the granularity, one point per bucket (zeros included). */
public record RoomSeries(String roomId, Granularity granularity, Instant from, Instant to, List<SeriesPoint> points) {
}
