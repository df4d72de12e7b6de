package io.parley.persister.it;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

import io.parley.persister.TestStack;

/** What PostgreSQL holds, read with plain JDBC (the tests' view of the messages table). */
final class Rows {

    /** A stored message. */
    record Row(String id, String roomId, long seq, String senderId, String body, String clientMsgId) {
    }

    private Rows() {
    }

    /** The room's rows by id, in seq order. */
    static Map<String, Row> ofRoom(String roomId) {
        Map<String, Row> rows = new LinkedHashMap<>();
        try (Connection c = TestStack.jdbc(); PreparedStatement s = c.prepareStatement(
                "SELECT id::text, room_id, seq, sender_id, body, client_msg_id FROM messages WHERE room_id = ? ORDER BY seq")) {
            s.setString(1, roomId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Row row = new Row(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4),
                            rs.getString(5), rs.getString(6));
                    if (rows.put(row.id(), row) != null) {
                        throw new AssertionError("id " + row.id() + " stored twice");
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return rows;
    }

    /** How many rows have that id (0 or 1: it is the primary key). */
    static long countById(String id) {
        try (Connection c = TestStack.jdbc();
                PreparedStatement s = c.prepareStatement("SELECT count(*) FROM messages WHERE id = ?::uuid")) {
            s.setString(1, id);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
