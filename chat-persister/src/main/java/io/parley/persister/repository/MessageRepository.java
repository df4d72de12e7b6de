package io.parley.persister.repository;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.Session;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import io.parley.events.ChatMessageEvent;
import io.parley.persister.entity.MessageEntity;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

/** Writes of chat messages on the primary datasource. Must run inside a transaction. */
@ApplicationScoped
public class MessageRepository implements PanacheRepositoryBase<MessageEntity, UUID> {

    /**
     * One statement for the whole batch: the columns travel as eight arrays and {@code unnest} turns
     * them back into rows. A constraint violation fails the statement: a second message at a taken
     * (room_id, seq), or an id already stored (see {@link #insertIgnoringDuplicates}).
     */
    static final String INSERT_BATCH = """
            INSERT INTO messages (id, room_id, seq, sender_id, body, client_msg_id, ts, node_id, stored_at)
            SELECT t.id::uuid, t.room_id, t.seq, t.sender_id, t.body, t.client_msg_id, t.ts, t.node_id, clock_timestamp()
              FROM unnest(?::text[], ?::text[], ?::int8[], ?::text[], ?::text[], ?::text[], ?::int8[], ?::text[])
                   AS t (id, room_id, seq, sender_id, body, client_msg_id, ts, node_id)
            """;

    /**
     * The same insert, idempotent on the message id: {@code ON CONFLICT (id) DO NOTHING} skips ids
     * already stored (a redelivered message); any other constraint violation still fails. It costs
     * PostgreSQL about a fifth more per row than the plain insert (a probe of the primary key before
     * each row, then a speculative insertion), so it is the fallback, not the first try.
     */
    static final String INSERT_BATCH_SKIPPING_STORED = INSERT_BATCH + "ON CONFLICT (id) DO NOTHING\n";

    /** The primary key of {@code messages}: its violation means an id already stored. */
    static final String PRIMARY_KEY = "messages_pkey";

    /**
     * Inserts the messages, skipping ids already stored; returns how many rows were inserted. The
     * batch holds each id once ({@code ChatMessageBatch}). Redeliveries are rare (a crash or a
     * rebalance before offsets were committed), so the plain insert goes first, after a savepoint; if
     * an id is already stored, the transaction goes back to the savepoint and the idempotent insert
     * writes the batch.
     */
    public int insertIgnoringDuplicates(List<ChatMessageEvent> messages) {
        if (messages.isEmpty()) {
            return 0;
        }
        return getEntityManager().unwrap(Session.class).doReturningWork(connection -> {
            Array[] columns = columns(connection, messages);
            // savepoints in SQL: the pool refuses JDBC's rollback(Savepoint) inside a JTA transaction
            try (Statement savepoints = connection.createStatement()) {
                savepoints.execute("SAVEPOINT before_insert");
                try {
                    int inserted = insert(connection, INSERT_BATCH, columns);
                    savepoints.execute("RELEASE SAVEPOINT before_insert");
                    return inserted;
                } catch (SQLException e) {
                    if (!violates(e, PRIMARY_KEY)) {
                        throw e;
                    }
                    savepoints.execute("ROLLBACK TO SAVEPOINT before_insert");
                    return insert(connection, INSERT_BATCH_SKIPPING_STORED, columns);
                }
            }
        });
    }

    private static Array[] columns(Connection connection, List<ChatMessageEvent> messages) throws SQLException {
        int n = messages.size();
        String[] ids = new String[n];
        String[] rooms = new String[n];
        Long[] seqs = new Long[n];
        String[] senders = new String[n];
        String[] bodies = new String[n];
        String[] clientIds = new String[n];
        Long[] tss = new Long[n];
        String[] nodes = new String[n];
        for (int i = 0; i < n; i++) {
            ChatMessageEvent m = messages.get(i);
            ids[i] = m.id();
            rooms[i] = m.roomId();
            seqs[i] = m.seq();
            senders[i] = m.senderId();
            bodies[i] = m.body();
            clientIds[i] = m.clientMsgId();
            tss[i] = m.ts();
            nodes[i] = m.nodeId();
        }
        return new Array[] { text(connection, ids), text(connection, rooms), connection.createArrayOf("int8", seqs),
                text(connection, senders), text(connection, bodies), text(connection, clientIds),
                connection.createArrayOf("int8", tss), text(connection, nodes) };
    }

    private static int insert(Connection connection, String sql, Array[] columns) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < columns.length; i++) {
                statement.setArray(i + 1, columns[i]);
            }
            return statement.executeUpdate();
        }
    }

    /** Whether the failure is a unique violation (SQLSTATE 23505) of that constraint. */
    static boolean violates(SQLException e, String constraint) {
        if (!"23505".equals(e.getSQLState())) {
            return false;
        }
        ServerErrorMessage server = e instanceof PSQLException psql ? psql.getServerErrorMessage() : null;
        return server != null && constraint.equals(server.getConstraint());
    }

    /**
     * Deletes the retracted messages (ids whose sender got UNAVAILABLE although the record may have
     * been written); returns how many were stored. Idempotent: a redelivered retraction deletes nothing.
     */
    public int deleteRetracted(List<String> ids) {
        if (ids.isEmpty()) {
            return 0;
        }
        return getEntityManager().unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "DELETE FROM messages WHERE id = ANY (?::uuid[])")) {
                statement.setArray(1, text(connection, ids.toArray(String[]::new)));
                return statement.executeUpdate();
            }
        });
    }

    private static Array text(Connection connection, String[] values) throws java.sql.SQLException {
        return connection.createArrayOf("text", values);
    }
}
