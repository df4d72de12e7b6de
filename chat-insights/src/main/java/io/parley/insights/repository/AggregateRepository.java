package io.parley.insights.repository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.Session;

import io.parley.insights.entity.RoomMinuteEntity;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

/**
 * Idempotent writes of the aggregates, each one statement for a whole batch (columns travel as
 * arrays, {@code unnest} turns them back into rows). Must run inside a transaction. Callers pass at
 * most one row per key, sorted by key, so that concurrent consumers lock rows in the same order.
 * Times travel as epoch milliseconds.
 */
@ApplicationScoped
public class AggregateRepository implements PanacheRepositoryBase<RoomMinuteEntity, RoomMinuteEntity.Key> {

    /** The schema of every table of this service (Flyway's and Hibernate's default schema). */
    public static final String SCHEMA = "insights";

    /** epoch ms (int8) to timestamptz, exactly, whatever the session's time zone. */
    static final String TS = "timestamptz 'epoch' + %s * interval '1 millisecond'";

    public record RoomBucket(String roomId, long bucketMs, long messages) {
    }

    public record RoomSender(String roomId, long bucketMs, String senderId) {
    }

    public record UserBucket(long bucketMs, String userId) {
    }

    /** A session change: connectedMs and/or disconnectedMs (null when that event is not in the batch). */
    public record SessionChange(String nodeId, String socketId, String userId, Long connectedMs,
            Long disconnectedMs) {
    }

    static final String INSERT_PROCESSED = """
            INSERT INTO insights.processed_events (event_id, event_ts)
            SELECT t.id, t.ts FROM unnest(?::text[], ?::int8[]) AS t (id, ts)
            ON CONFLICT (event_id) DO NOTHING
            RETURNING event_id
            """;

    static final String ADD_ROOM_MINUTES = """
            INSERT INTO insights.room_minute AS r (room_id, bucket, messages)
            SELECT t.room_id, %s, t.n FROM unnest(?::text[], ?::int8[], ?::int8[]) AS t (room_id, ms, n)
            ON CONFLICT (room_id, bucket) DO UPDATE SET messages = r.messages + EXCLUDED.messages
            """.formatted(TS.formatted("t.ms"));

    static final String ADD_ROOM_SENDERS = """
            INSERT INTO insights.room_minute_sender (room_id, bucket, sender_id)
            SELECT t.room_id, %s, t.sender_id FROM unnest(?::text[], ?::int8[], ?::text[]) AS t (room_id, ms, sender_id)
            ON CONFLICT DO NOTHING
            """.formatted(TS.formatted("t.ms"));

    static final String ADD_USER_HOURS = """
            INSERT INTO insights.user_hour (bucket, user_id)
            SELECT %s, t.user_id FROM unnest(?::int8[], ?::text[]) AS t (ms, user_id)
            ON CONFLICT DO NOTHING
            """.formatted(TS.formatted("t.ms"));

    /** LEAST ignores nulls: the earliest connect and the earliest disconnect seen win. */
    static final String UPSERT_SESSIONS = """
            INSERT INTO insights.connection_session AS s (node_id, socket_id, user_id, connected_at, disconnected_at)
            SELECT t.node_id, t.socket_id, t.user_id, %s, %s
              FROM unnest(?::text[], ?::text[], ?::text[], ?::int8[], ?::int8[]) AS t (node_id, socket_id, user_id, c, d)
            ON CONFLICT (node_id, socket_id) DO UPDATE
               SET connected_at    = LEAST(s.connected_at, EXCLUDED.connected_at),
                   disconnected_at = LEAST(s.disconnected_at, EXCLUDED.disconnected_at)
            """.formatted(TS.formatted("t.c"), TS.formatted("t.d"));

    /** Records the ids; returns those that were not there yet (the ones to count). */
    public Set<String> insertNewIds(List<String> ids, List<Long> timestamps) {
        Set<String> inserted = new HashSet<>();
        if (ids.isEmpty()) {
            return inserted;
        }
        session().doWork(connection -> {
            try (PreparedStatement s = connection.prepareStatement(INSERT_PROCESSED)) {
                s.setArray(1, connection.createArrayOf("text", ids.toArray(String[]::new)));
                s.setArray(2, connection.createArrayOf("int8", timestamps.toArray(Long[]::new)));
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        inserted.add(rs.getString(1));
                    }
                }
            }
        });
        return inserted;
    }

    public void addRoomMinutes(Collection<RoomBucket> rows) {
        if (rows.isEmpty()) {
            return;
        }
        session().doWork(connection -> execute(connection, ADD_ROOM_MINUTES,
                rows.stream().map(RoomBucket::roomId).toArray(String[]::new), "text",
                rows.stream().map(RoomBucket::bucketMs).toArray(Long[]::new), "int8",
                rows.stream().map(RoomBucket::messages).toArray(Long[]::new), "int8"));
    }

    public void addRoomSenders(Collection<RoomSender> rows) {
        if (rows.isEmpty()) {
            return;
        }
        session().doWork(connection -> execute(connection, ADD_ROOM_SENDERS,
                rows.stream().map(RoomSender::roomId).toArray(String[]::new), "text",
                rows.stream().map(RoomSender::bucketMs).toArray(Long[]::new), "int8",
                rows.stream().map(RoomSender::senderId).toArray(String[]::new), "text"));
    }

    public void addUserHours(Collection<UserBucket> rows) {
        if (rows.isEmpty()) {
            return;
        }
        session().doWork(connection -> execute(connection, ADD_USER_HOURS,
                rows.stream().map(UserBucket::bucketMs).toArray(Long[]::new), "int8",
                rows.stream().map(UserBucket::userId).toArray(String[]::new), "text"));
    }

    public void upsertSessions(Collection<SessionChange> rows) {
        if (rows.isEmpty()) {
            return;
        }
        session().doWork(connection -> execute(connection, UPSERT_SESSIONS,
                rows.stream().map(SessionChange::nodeId).toArray(String[]::new), "text",
                rows.stream().map(SessionChange::socketId).toArray(String[]::new), "text",
                rows.stream().map(SessionChange::userId).toArray(String[]::new), "text",
                rows.stream().map(SessionChange::connectedMs).toArray(Long[]::new), "int8",
                rows.stream().map(SessionChange::disconnectedMs).toArray(Long[]::new), "int8"));
    }

    /** Arguments: pairs of (values, SQL element type). */
    private static void execute(Connection connection, String sql, Object... arrays) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(sql)) {
            for (int i = 0; i < arrays.length; i += 2) {
                s.setArray(i / 2 + 1, connection.createArrayOf((String) arrays[i + 1], (Object[]) arrays[i]));
            }
            s.executeUpdate();
        }
    }

    private Session session() {
        return getEntityManager().unwrap(Session.class);
    }
}
