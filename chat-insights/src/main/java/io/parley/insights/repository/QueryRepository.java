package io.parley.insights.repository;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.Session;

import io.parley.insights.entity.RoomMinuteEntity;
import io.parley.insights.mapping.NodePeak;
import io.parley.insights.mapping.RoomActivity;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

/**
 * Reads of the aggregates. Windows are [from, to) on bucket starts; callers align them. Buckets of
 * hours are computed with {@code date_bin} from the epoch, so the session's time zone never matters.
 */
@ApplicationScoped
public class QueryRepository implements PanacheRepositoryBase<RoomMinuteEntity, RoomMinuteEntity.Key> {

    /** One row of a per-bucket result. */
    public record BucketCount(Instant bucket, long value) {
    }

    /** A node's peak in one bucket. */
    public record BucketPeak(Instant bucket, String nodeId, long peak) {
    }

    /** Totals of messages and rooms over a window. */
    public record Totals(long messages, long rooms) {
    }

    public Totals totals(Instant from, Instant to) {
        return query("""
                SELECT coalesce(sum(messages), 0), count(DISTINCT room_id) FROM insights.room_minute
                 WHERE bucket >= ? AND bucket < ?""", List.of(ts(from), ts(to)),
                rs -> new Totals(rs.getLong(1), rs.getLong(2))).get(0);
    }

    public long distinctSenders(Instant from, Instant to) {
        return query("SELECT count(DISTINCT sender_id) FROM insights.room_minute_sender WHERE bucket >= ? AND bucket < ?",
                List.of(ts(from), ts(to)), rs -> rs.getLong(1)).get(0);
    }

    /** from and to hour-aligned. */
    public long distinctUsers(Instant from, Instant to) {
        return query("SELECT count(DISTINCT user_id) FROM insights.user_hour WHERE bucket >= ? AND bucket < ?",
                List.of(ts(from), ts(to)), rs -> rs.getLong(1)).get(0);
    }

    /** Messages per bucket of {@code stepMs}, for one room or (roomId null) all rooms; empty buckets absent. */
    public List<BucketCount> messages(String roomId, Instant from, Instant to, long stepMs) {
        return query("""
                SELECT date_bin(? * interval '1 millisecond', bucket, timestamptz 'epoch') AS b, sum(messages)
                  FROM insights.room_minute
                 WHERE bucket >= ? AND bucket < ? AND (?::text IS NULL OR room_id = ?)
                 GROUP BY b""", List.of(stepMs, ts(from), ts(to), nullable(roomId), nullable(roomId)),
                rs -> new BucketCount(rs.getObject(1, OffsetDateTime.class).toInstant(), rs.getLong(2)));
    }

    /** Distinct senders per bucket, for one room or (roomId null) all rooms; empty buckets absent. */
    public List<BucketCount> senders(String roomId, Instant from, Instant to, long stepMs) {
        return query("""
                SELECT date_bin(? * interval '1 millisecond', bucket, timestamptz 'epoch') AS b, count(DISTINCT sender_id)
                  FROM insights.room_minute_sender
                 WHERE bucket >= ? AND bucket < ? AND (?::text IS NULL OR room_id = ?)
                 GROUP BY b""", List.of(stepMs, ts(from), ts(to), nullable(roomId), nullable(roomId)),
                rs -> new BucketCount(rs.getObject(1, OffsetDateTime.class).toInstant(), rs.getLong(2)));
    }

    /** Active users per hour; from and to hour-aligned. */
    public List<BucketCount> usersPerHour(Instant from, Instant to) {
        return query("""
                SELECT bucket, count(*) FROM insights.user_hour WHERE bucket >= ? AND bucket < ? GROUP BY bucket""",
                List.of(ts(from), ts(to)),
                rs -> new BucketCount(rs.getObject(1, OffsetDateTime.class).toInstant(), rs.getLong(2)));
    }

    public List<RoomActivity> topRooms(Instant from, Instant to, int limit) {
        return query("""
                SELECT r.room_id, r.messages,
                       (SELECT count(DISTINCT s.sender_id) FROM insights.room_minute_sender s
                         WHERE s.room_id = r.room_id AND s.bucket >= ? AND s.bucket < ?)
                  FROM (SELECT room_id, sum(messages) AS messages FROM insights.room_minute
                         WHERE bucket >= ? AND bucket < ?
                         GROUP BY room_id ORDER BY messages DESC, room_id LIMIT ?) r
                 ORDER BY r.messages DESC, r.room_id""", List.of(ts(from), ts(to), ts(from), ts(to), limit),
                rs -> new RoomActivity(rs.getString(1), rs.getLong(2), rs.getLong(3)));
    }

    /**
     * Per node and bucket of {@code stepMs} within [from, to): the most sessions open at the same
     * instant. A session is the interval [connected_at, disconnected_at), or [connected_at,
     * connected_at + maxSession) if it never closed (or closed later than that). Each bucket starts
     * with the sessions already open at its start; at equal instants a disconnect is counted before a
     * connect. Nodes without any session in a bucket are absent.
     */
    public List<BucketPeak> peaks(Instant from, Instant to, long stepMs, long maxSessionMs) {
        return query("""
                WITH p AS (SELECT ?::timestamptz AS f, ?::timestamptz AS t,
                                  ? * interval '1 millisecond' AS step, ? * interval '1 millisecond' AS maxs),
                b AS (SELECT g AS start, LEAST(g + p.step, p.t) AS stop
                        FROM p, generate_series(p.f, p.t - interval '1 microsecond', p.step) AS g),
                s AS (SELECT x.node_id, x.c, x.d FROM (
                        SELECT cs.node_id, cs.connected_at AS c,
                               LEAST(coalesce(cs.disconnected_at, 'infinity'::timestamptz), cs.connected_at + p.maxs) AS d
                          FROM insights.connection_session cs, p
                         WHERE cs.connected_at IS NOT NULL AND cs.connected_at < p.t
                           AND coalesce(cs.disconnected_at, 'infinity'::timestamptz) > p.f
                           AND cs.connected_at + p.maxs > p.f) x
                       WHERE x.d > x.c),
                ev AS (SELECT s.node_id, b.start, GREATEST(s.c, b.start) AS at, 1 AS delta
                         FROM s JOIN b ON s.c < b.stop AND s.d > b.start
                       UNION ALL
                       SELECT s.node_id, b.start, s.d, -1
                         FROM s JOIN b ON s.c < b.stop AND s.d > b.start WHERE s.d < b.stop)
                SELECT start, node_id, max(n) FROM (
                  SELECT node_id, start, sum(delta) OVER (PARTITION BY node_id, start ORDER BY at, delta
                                                          ROWS UNBOUNDED PRECEDING) AS n FROM ev) r
                 GROUP BY start, node_id ORDER BY start, node_id""",
                List.of(ts(from), ts(to), stepMs, maxSessionMs),
                rs -> new BucketPeak(rs.getObject(1, OffsetDateTime.class).toInstant(), rs.getString(2),
                        rs.getLong(3)));
    }

    /** Sockets open now (connected, not disconnected, connected less than maxSession ago), all nodes. */
    public long openSessions(Instant now, long maxSessionMs) {
        return query("""
                SELECT count(*) FROM insights.connection_session
                 WHERE connected_at IS NOT NULL AND disconnected_at IS NULL
                   AND connected_at <= ? AND connected_at > ? - ? * interval '1 millisecond'""",
                List.of(ts(now), ts(now), maxSessionMs), rs -> rs.getLong(1)).get(0);
    }

    /** Peaks grouped by bucket start, nodes in id order. */
    public static Map<Instant, List<NodePeak>> byBucket(List<BucketPeak> peaks) {
        Map<Instant, List<NodePeak>> out = new LinkedHashMap<>();
        for (BucketPeak p : peaks) {
            out.computeIfAbsent(p.bucket(), k -> new ArrayList<>()).add(new NodePeak(p.nodeId(), p.peak()));
        }
        return out;
    }

    @FunctionalInterface
    interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private static final Object NULL_TEXT = new Object();

    private static Object nullable(String value) {
        return value == null ? NULL_TEXT : value;
    }

    private static OffsetDateTime ts(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private <T> List<T> query(String sql, List<Object> params, RowMapper<T> mapper) {
        return getEntityManager().unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement s = connection.prepareStatement(sql)) {
                for (int i = 0; i < params.size(); i++) {
                    Object p = params.get(i);
                    if (p == NULL_TEXT) {
                        s.setNull(i + 1, java.sql.Types.VARCHAR);
                    } else {
                        s.setObject(i + 1, p);
                    }
                }
                List<T> out = new ArrayList<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        out.add(mapper.map(rs));
                    }
                }
                return out;
            }
        });
    }
}
