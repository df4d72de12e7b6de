package io.parley.persister.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.parley.events.ChatMessageEvent;
import io.parley.persister.TestStack;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The batch insert against the real PostgreSQL: ids already stored are skipped (the plain insert fails
 * on the primary key and the idempotent one takes over), a taken (room, seq) fails the batch.
 */
@QuarkusTest
class MessageRepositoryTest {

    @Inject
    MessageRepository messages;

    @Test
    void aBatchHoldingStoredIdsStoresOnlyTheNewOnes() throws SQLException {
        String room = TestStack.room("repo-replay");
        ChatMessageEvent a = TestStack.message(room, 1, "a");
        ChatMessageEvent b = TestStack.message(room, 2, "b");
        ChatMessageEvent c = TestStack.message(room, 3, "c");
        assertEquals(2, insert(List.of(a, b)));
        assertEquals(1, insert(List.of(a, b, c)));
        assertEquals(0, insert(List.of(c)));
        assertEquals(List.of("a", "b", "c"), bodies(room));
    }

    @Test
    void aTakenPositionFailsTheBatchWhetherOrNotItAlsoHoldsAStoredId() throws SQLException {
        String room = TestStack.room("repo-taken");
        ChatMessageEvent stored = TestStack.message(room, 1, "stored");
        ChatMessageEvent sameSeq = TestStack.message(room, 1, "another id at seq 1");
        ChatMessageEvent next = TestStack.message(room, 2, "next");
        assertEquals(1, insert(List.of(stored)));
        assertTakenPosition(() -> insert(List.of(next, sameSeq)));
        assertTakenPosition(() -> insert(List.of(stored, next, sameSeq)));
        assertEquals(List.of("stored"), bodies(room));
    }

    private int insert(List<ChatMessageEvent> batch) {
        return QuarkusTransaction.requiringNew().call(() -> messages.insertIgnoringDuplicates(batch));
    }

    private static void assertTakenPosition(Runnable insert) {
        RuntimeException e = assertThrows(RuntimeException.class, insert::run);
        SQLException sql = null;
        for (Throwable t = e; t != null && sql == null; t = t.getCause()) {
            sql = t instanceof SQLException s ? s : null;
        }
        assertTrue(sql != null && MessageRepository.violates(sql, "messages_room_seq_uq"), String.valueOf(e));
    }

    private static List<String> bodies(String room) throws SQLException {
        List<String> bodies = new ArrayList<>();
        try (Connection c = TestStack.jdbc();
                PreparedStatement s = c.prepareStatement("SELECT body FROM messages WHERE room_id = ? ORDER BY seq")) {
            s.setString(1, room);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    bodies.add(rs.getString(1));
                }
            }
        }
        return bodies;
    }
}
