package io.parley.insights.mapping;

import java.time.Instant;
import java.util.List;

/** One entry per hour of [from, to), hour-aligned, zeros included. */
public record HourlySeries(Instant from, Instant to, List<HourFigures> hours) {
}
