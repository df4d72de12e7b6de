package io.parley.insights.service;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.hibernate.Session;
import org.jboss.logging.Logger;

import io.parley.insights.config.InsightsConfig;
import io.parley.insights.repository.AggregateRepository;
import io.quarkus.scheduler.Scheduled;

/**
 * Deletes what is no longer needed, at most {@code parley.insights.sweep.max-rows} rows per table
 * and round, one replica at a time (transaction-scoped advisory lock):
 * <ul>
 * <li>processed message ids whose event ts is older than the allowed lateness plus
 * {@link #ID_MARGIN_MS} (such an event is dropped as late, so forgetting its id cannot make it
 * count twice);</li>
 * <li>minute and hour buckets older than the retention;</li>
 * <li>sessions that ended (or, never closed, started more than max-session) before the retention.</li>
 * </ul>
 */
@ApplicationScoped
public class RetentionSweeper {

    private static final Logger LOG = Logger.getLogger(RetentionSweeper.class);
    /** Extra time processed ids are kept beyond the lateness, for batches checked just before a sweep. */
    public static final long ID_MARGIN_MS = 10 * 60_000L;
    private static final long LOCK_KEY = 0x7061726c6579_01L; // "parley" + 1

    private final AggregateRepository repository;
    private final InsightsConfig config;

    public RetentionSweeper(AggregateRepository repository, InsightsConfig config) {
        this.repository = repository;
        this.config = config;
    }

    @Scheduled(every = "${parley.insights.sweep.interval}", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            sweep(Instant.now());
        } catch (RuntimeException e) {
            LOG.warnf("retention sweep failed, next round in %s: %s", config.sweep().interval(), e.toString());
        }
    }

    /** One round; returns the rows deleted, or -1 if another replica holds the sweep lock. */
    @Transactional
    public long sweep(Instant now) {
        return repository.getEntityManager().unwrap(Session.class).doReturningWork(c -> {
            try (var lock = c.prepareStatement("SELECT pg_try_advisory_xact_lock(?)")) {
                lock.setLong(1, LOCK_KEY);
                try (var rs = lock.executeQuery()) {
                    rs.next();
                    if (!rs.getBoolean(1)) {
                        return -1L;
                    }
                }
            }
            long idsBefore = now.toEpochMilli() - config.lateness().toMillis() - ID_MARGIN_MS;
            OffsetDateTime keep = OffsetDateTime.ofInstant(now.minus(config.retention()), ZoneOffset.UTC);
            OffsetDateTime sessionKeep = keep.minus(config.connections().maxSession());
            int max = config.sweep().maxRows();
            long deleted = 0;
            deleted += delete(c, "processed_events", "event_ts < ?", idsBefore, max);
            deleted += delete(c, "room_minute", "bucket < ?", keep, max);
            deleted += delete(c, "room_minute_sender", "bucket < ?", keep, max);
            deleted += delete(c, "user_hour", "bucket < ?", keep, max);
            deleted += delete(c, "connection_session",
                    "disconnected_at < ? OR (disconnected_at IS NULL AND connected_at < ?)",
                    keep, max, sessionKeep);
            if (deleted > 0) {
                LOG.infof("retention sweep deleted %d rows", deleted);
            }
            return deleted;
        });
    }

    private static long delete(java.sql.Connection c, String table, String where, Object value, int max,
            Object... more) throws java.sql.SQLException {
        String sql = "DELETE FROM " + AggregateRepository.SCHEMA + "." + table + " WHERE ctid IN (SELECT ctid FROM "
                + AggregateRepository.SCHEMA + "." + table + " WHERE " + where + " LIMIT ?)";
        try (var s = c.prepareStatement(sql)) {
            int i = 1;
            s.setObject(i++, value);
            for (Object m : more) {
                s.setObject(i++, m);
            }
            s.setInt(i, max);
            return s.executeUpdate();
        }
    }
}
