package io.parley.notifier.repository;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

/** The notifier's copy of room membership, fed by membership-events. Native SQL: upserts. */
@ApplicationScoped
public class MemberRepository {

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
}
