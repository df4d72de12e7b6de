package io.parley.insights.service;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.parley.insights.TestStack;
import io.quarkus.test.junit.QuarkusTest;

/** The sweep forgets message ids only once they are older than the lateness (test profile: 3650 days). */
@QuarkusTest
class RetentionSweepTest {

    @Inject
    RetentionSweeper sweeper;

    @Test
    void forgetsOnlyIdsOlderThanTheLateness() throws Exception {
        String old = TestStack.uuidV7(Instant.parse("2010-01-01T00:00:00Z").toEpochMilli());
        String kept = TestStack.uuidV7(Instant.parse("2020-01-01T00:00:00Z").toEpochMilli());
        try (Connection c = TestStack.jdbc(); PreparedStatement s = c.prepareStatement(
                "INSERT INTO insights.processed_events (event_id, event_ts) VALUES (?, ?), (?, ?)")) {
            s.setString(1, old);
            s.setLong(2, Instant.parse("2010-01-01T00:00:00Z").toEpochMilli());
            s.setString(3, kept);
            s.setLong(4, Instant.parse("2020-01-01T00:00:00Z").toEpochMilli());
            s.executeUpdate();
        }
        // -1: the scheduled round of this or another instance holds the lock right now
        await().atMost(Duration.ofSeconds(30)).until(() -> sweeper.sweep(Instant.now()) >= 0);
        assertEquals(0, count(old));
        assertEquals(1, count(kept));
    }

    private static long count(String id) throws Exception {
        try (Connection c = TestStack.jdbc();
                PreparedStatement s = c.prepareStatement("SELECT count(*) FROM insights.processed_events WHERE event_id = ?")) {
            s.setString(1, id);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
