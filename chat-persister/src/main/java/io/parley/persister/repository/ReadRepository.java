package io.parley.persister.repository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.agroal.api.AgroalDataSource;
import io.parley.persister.entity.MemberRole;
import io.parley.persister.entity.Visibility;
import io.parley.persister.mapping.GroupView;
import io.parley.persister.mapping.MemberView;
import io.parley.persister.mapping.MessageView;
import io.quarkus.agroal.DataSource;

/**
 * Every read of the REST API, on the {@code replica} datasource (which is the primary unless
 * configured otherwise). Plain JDBC: Panache entities belong to one persistence unit, the primary's.
 * A replica may lag the primary by its replication delay; a client that must read its own write
 * reads the primary by leaving the replica URL unset.
 */
@ApplicationScoped
public class ReadRepository {

    private static final String MESSAGE_COLUMNS =
            "id, room_id, seq, sender_id, body, client_msg_id, ts, node_id, stored_at";

    private final AgroalDataSource replica;

    public ReadRepository(@DataSource("replica") AgroalDataSource replica) {
        this.replica = replica;
    }

    /** Cursor of a history query; bounds are exclusive, null when absent. */
    public record HistoryQuery(String roomId, Long beforeSeq, Long afterSeq, int limit) {
    }

    /**
     * Up to {@code limit} messages, newest first. With only afterSeq, the messages right after it
     * (read oldest first, returned newest first); otherwise the newest below beforeSeq (if any).
     * Each is one range scan of the (room_id, seq) index.
     */
    public List<MessageView> history(HistoryQuery q) {
        boolean forward = q.afterSeq() != null && q.beforeSeq() == null;
        StringBuilder sql = new StringBuilder("SELECT " + MESSAGE_COLUMNS + " FROM messages WHERE room_id = ?");
        if (q.beforeSeq() != null) {
            sql.append(" AND seq < ?");
        }
        if (q.afterSeq() != null) {
            sql.append(" AND seq > ?");
        }
        sql.append(forward ? " ORDER BY seq ASC" : " ORDER BY seq DESC").append(" LIMIT ?");
        try (Connection c = replica.getConnection(); PreparedStatement s = c.prepareStatement(sql.toString())) {
            int i = 1;
            s.setString(i++, q.roomId());
            if (q.beforeSeq() != null) {
                s.setLong(i++, q.beforeSeq());
            }
            if (q.afterSeq() != null) {
                s.setLong(i++, q.afterSeq());
            }
            s.setInt(i, q.limit());
            List<MessageView> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new MessageView(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getLong(7), rs.getString(8),
                            rs.getTimestamp(9).toInstant()));
                }
            }
            if (forward) {
                Collections.reverse(out);
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("history query failed", e);
        }
    }

    public Optional<GroupView> group(UUID id) {
        List<GroupView> found = groups("""
                SELECT g.id, g.room_id, g.name, g.visibility, g.created_by, g.created_at,
                       (SELECT count(*) FROM group_members m WHERE m.group_id = g.id)
                  FROM chat_groups g WHERE g.id = ?""", id);
        return found.stream().findFirst();
    }

    /** Groups the user is a member of, by name (group_members_user_idx, then the primary key). */
    public List<GroupView> groupsOf(String userId) {
        return groups("""
                SELECT g.id, g.room_id, g.name, g.visibility, g.created_by, g.created_at,
                       (SELECT count(*) FROM group_members m2 WHERE m2.group_id = g.id)
                  FROM group_members m JOIN chat_groups g ON g.id = m.group_id
                 WHERE m.user_id = ? ORDER BY g.name, g.id""", userId);
    }

    /** Whether the user is a member of the group. */
    public boolean isMember(UUID groupId, String userId) {
        try (Connection c = replica.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT 1 FROM group_members WHERE group_id = ? AND user_id = ?")) {
            s.setObject(1, groupId);
            s.setString(2, userId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("membership query failed", e);
        }
    }

    public List<MemberView> members(UUID groupId) {
        try (Connection c = replica.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT group_id, user_id, role, joined_at"
                        + " FROM group_members WHERE group_id = ? ORDER BY user_id")) {
            s.setObject(1, groupId);
            List<MemberView> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new MemberView(rs.getString(1), rs.getString(2), MemberRole.valueOf(rs.getString(3)),
                            rs.getTimestamp(4).toInstant()));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("members query failed", e);
        }
    }

    private List<GroupView> groups(String sql, Object param) {
        try (Connection c = replica.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, param);
            List<GroupView> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new GroupView(rs.getString(1), rs.getString(2), rs.getString(3),
                            Visibility.valueOf(rs.getString(4)), rs.getString(5), rs.getTimestamp(6).toInstant(),
                            rs.getLong(7)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("group query failed", e);
        }
    }
}
