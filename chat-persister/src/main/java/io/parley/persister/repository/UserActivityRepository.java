package io.parley.persister.repository;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.Session;

import io.parley.persister.entity.UserEntity;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

/**
 * Idempotent upserts of users (first/last seen) and read markers. Both keep extremes (least first
 * seen, greatest last seen, greatest read seq), so replaying or reordering events changes nothing.
 * Must run inside a transaction; callers pass at most one row per key (an upsert cannot touch one
 * row twice in a statement) sorted by key (so concurrent batches lock rows in the same order).
 */
@ApplicationScoped
public class UserActivityRepository implements PanacheRepositoryBase<UserEntity, String> {

    public record UserSeen(String userId, Instant firstSeen, Instant lastSeen) {
    }

    public record ReadMark(String userId, String roomId, long lastReadSeq, Instant at) {
    }

    static final String UPSERT_USERS = """
            INSERT INTO users AS u (id, first_seen, last_seen) VALUES (?, ?, ?)
            ON CONFLICT (id) DO UPDATE
               SET first_seen = LEAST(u.first_seen, EXCLUDED.first_seen),
                   last_seen  = GREATEST(u.last_seen, EXCLUDED.last_seen)
            """;

    static final String UPSERT_READ_MARKERS = """
            INSERT INTO read_markers AS r (user_id, room_id, last_read_seq, updated_at) VALUES (?, ?, ?, ?)
            ON CONFLICT (user_id, room_id) DO UPDATE
               SET last_read_seq = GREATEST(r.last_read_seq, EXCLUDED.last_read_seq),
                   updated_at    = GREATEST(r.updated_at, EXCLUDED.updated_at)
            """;

    public void upsertUsers(Collection<UserSeen> users) {
        if (users.isEmpty()) {
            return;
        }
        getEntityManager().unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(UPSERT_USERS)) {
                for (UserSeen user : users) {
                    statement.setString(1, user.userId());
                    statement.setTimestamp(2, Timestamp.from(user.firstSeen()));
                    statement.setTimestamp(3, Timestamp.from(user.lastSeen()));
                    statement.addBatch();
                }
                statement.executeBatch();
            }
        });
    }

    public void upsertReadMarkers(Collection<ReadMark> marks) {
        if (marks.isEmpty()) {
            return;
        }
        getEntityManager().unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(UPSERT_READ_MARKERS)) {
                for (ReadMark mark : marks) {
                    statement.setString(1, mark.userId());
                    statement.setString(2, mark.roomId());
                    statement.setLong(3, mark.lastReadSeq());
                    statement.setTimestamp(4, Timestamp.from(mark.at()));
                    statement.addBatch();
                }
                statement.executeBatch();
            }
        });
    }
}
