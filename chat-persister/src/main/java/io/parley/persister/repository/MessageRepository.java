package io.parley.persister.repository;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.Session;

import io.parley.events.ChatMessageEvent;
import io.parley.persister.entity.MessageEntity;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

/** Writes of chat messages on the primary datasource. Must run inside a transaction. */
@ApplicationScoped
public class MessageRepository implements PanacheRepositoryBase<MessageEntity, UUID> {

    /**
     * One statement for the whole batch: the columns travel as seven arrays and {@code unnest}
     * turns them back into rows. {@code ON CONFLICT (id) DO NOTHING} makes the insert idempotent on
     * the message id (a redelivered message, or the same id twice in one batch, is skipped); any
     * other constraint violation, e.g. a second message at a taken (room_id, seq), still fails.
     */
    static final String INSERT_BATCH = """
            INSERT INTO messages (id, room_id, seq, sender_id, body, client_msg_id, ts, node_id, stored_at)
            SELECT t.id::uuid, t.room_id, t.seq, t.sender_id, t.body, t.client_msg_id, t.ts, t.node_id, clock_timestamp()
              FROM unnest(?::text[], ?::text[], ?::int8[], ?::text[], ?::text[], ?::text[], ?::int8[], ?::text[])
                   AS t (id, room_id, seq, sender_id, body, client_msg_id, ts, node_id)
            ON CONFLICT (id) DO NOTHING
            """;

    /** Inserts the messages, skipping ids already stored; returns how many rows were inserted. */
    public int insertIgnoringDuplicates(List<ChatMessageEvent> messages) {
        if (messages.isEmpty()) {
            return 0;
        }
        return getEntityManager().unwrap(Session.class).doReturningWork(connection -> {
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
            try (PreparedStatement statement = connection.prepareStatement(INSERT_BATCH)) {
                statement.setArray(1, text(connection, ids));
                statement.setArray(2, text(connection, rooms));
                statement.setArray(3, connection.createArrayOf("int8", seqs));
                statement.setArray(4, text(connection, senders));
                statement.setArray(5, text(connection, bodies));
                statement.setArray(6, text(connection, clientIds));
                statement.setArray(7, connection.createArrayOf("int8", tss));
                statement.setArray(8, text(connection, nodes));
                return statement.executeUpdate();
            }
        });
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
