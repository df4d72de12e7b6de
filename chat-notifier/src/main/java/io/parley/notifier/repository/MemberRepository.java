package io.parley.notifier.repository;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

/**
 * The notifier's copy of room membership, fed by membership-events and, at start, by a copy of
 * chat-persister's memberships. Native SQL: upserts.
 */
@ApplicationScoped
public class MemberRepository {

    /**
     * Key of the PostgreSQL advisory lock that keeps the bootstrap copy and membership-events
     * batches apart: a batch holds it shared, the copy exclusively. Without it, a removal applied
     * while the copy's INSERT ... SELECT runs (reading the persister's rows from before the removal)
     * could be undone by the copy.
     */
    public static final long BOOTSTRAP_LOCK = 0x70726c795f6d62L;

    private final EntityManager em;

    public MemberRepository(EntityManager em) {
        this.em = em;
    }

    public void add(String roomId, String userId) {
        em.createNativeQuery("INSERT INTO room_member (room_id, user_id) VALUES (?1, ?2) "
                + "ON CONFLICT (room_id, user_id) DO UPDATE SET updated_at = now()")
                .setParameter(1, roomId).setParameter(2, userId).executeUpdate();
    }

    public void remove(String roomId, String userId) {
        em.createNativeQuery("DELETE FROM room_member WHERE room_id = ?1 AND user_id = ?2")
                .setParameter(1, roomId).setParameter(2, userId).executeUpdate();
    }

    /** room -> members, for the given rooms (rooms without known members are absent). */
    @SuppressWarnings("unchecked")
    public Map<String, Set<String>> membersOf(Collection<String> roomIds) {
        Map<String, Set<String>> out = new HashMap<>();
        if (roomIds.isEmpty()) {
            return out;
        }
        List<Object[]> rows = em.createNativeQuery("SELECT room_id, user_id FROM room_member WHERE room_id IN (:rooms)")
                .setParameter("rooms", roomIds).getResultList();
        for (Object[] row : rows) {
            out.computeIfAbsent((String) row[0], k -> new HashSet<>()).add((String) row[1]);
        }
        return out;
    }

    /** Taken at the start of each membership-events transaction; released at its end. */
    public void lockSharedWithBootstrap() {
        lockForTransaction("pg_advisory_xact_lock_shared");
    }

    /**
     * Adds every membership in chat-persister's tables ({@code group_members} joined to
     * {@code chat_groups} for the room id) that the copy lacks. Removes nothing: removals come
     * from membership-events. Must run in a transaction.
     *
     * @param persisterSchema an SQL identifier, checked by the caller
     * @return the memberships added
     */
    public int copyFromPersister(String persisterSchema) {
        lockForTransaction("pg_advisory_xact_lock");
        return em.createNativeQuery("INSERT INTO room_member (room_id, user_id) SELECT g.room_id, m.user_id FROM "
                + persisterSchema + ".group_members m JOIN " + persisterSchema + ".chat_groups g ON g.id = m.group_id "
                + "ON CONFLICT (room_id, user_id) DO NOTHING").executeUpdate();
    }

    /** Takes {@link #BOOTSTRAP_LOCK} with this PostgreSQL function until the transaction ends. */
    private void lockForTransaction(String function) {
        em.createNativeQuery("SELECT 1 FROM (SELECT " + function + "(?1)) AS l").setParameter(1, BOOTSTRAP_LOCK)
                .getSingleResult();
    }
}
