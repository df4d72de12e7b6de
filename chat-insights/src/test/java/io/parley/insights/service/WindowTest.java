package io.parley.insights.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class WindowTest {

    @Test
    void windowsAreWidenedToWholeBuckets() {
        InsightsService.Window w = InsightsService.align(Instant.parse("2026-01-01T10:15:30Z"),
                Instant.parse("2026-01-01T12:00:00.001Z"), Aggregator.HOUR_MS);
        assertEquals(Instant.parse("2026-01-01T10:00:00Z"), w.from());
        assertEquals(Instant.parse("2026-01-01T13:00:00Z"), w.to());
        InsightsService.Window exact = InsightsService.align(Instant.parse("2026-01-01T10:15:00Z"),
                Instant.parse("2026-01-01T10:17:00Z"), Aggregator.MINUTE_MS);
        assertEquals(Instant.parse("2026-01-01T10:15:00Z"), exact.from());
        assertEquals(Instant.parse("2026-01-01T10:17:00Z"), exact.to());
    }

    @Test
    void bucketsBeforeTheEpochFloorDownwards() {
        assertEquals(-60_000L, Aggregator.floor(-1, Aggregator.MINUTE_MS));
        assertEquals(120_000L, Aggregator.floor(179_999, Aggregator.MINUTE_MS));
    }
}
