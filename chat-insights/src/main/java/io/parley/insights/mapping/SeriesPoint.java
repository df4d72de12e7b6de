package io.parley.insights.mapping;

import java.time.Instant;

/** Messages and distinct senders of one room in one bucket [start, start + granularity). */
public record SeriesPoint(Instant start, long messages, long activeSenders) {
}
