package io.parley.notifier.repository;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

/**
 * Delivery rows, one per (message, device): inserted PENDING before the first attempt (a redelivered
 * message finds its row and is not pushed again), finished with the outcome. Native SQL for the
 * {@code ON CONFLICT} insert and the {@code SKIP LOCKED} claim.
 */
@ApplicationScoped
public class DeliveryRepository {

    public static final String PENDING = "PENDING";
    public static final String DELIVERED = "DELIVERED";
    public static final String GONE = "GONE";
    public static final String DEAD = "DEAD";

    /** A pending delivery taken up again by the recovery. */
    public record Pending(String messageId, UUID deviceId, String payload, int attempts) {
    }

    private final EntityManager em;

    public DeliveryRepository(EntityManager em) {
        this.em = em;
    }

    /** @return true when the row is new (this message has not been given to this device before) */
    public boolean insertPending(String messageId, UUID deviceId, String userId, String roomId, String payload) {
        return em.createNativeQuery("INSERT INTO delivery (message_id, device_id, user_id, room_id, status, payload) "
                + "VALUES (?1, ?2, ?3, ?4, 'PENDING', ?5) ON CONFLICT (message_id, device_id) DO NOTHING")
                .setParameter(1, messageId).setParameter(2, deviceId).setParameter(3, userId)
                .setParameter(4, roomId).setParameter(5, payload).executeUpdate() == 1;
    }

    public void finish(String messageId, UUID deviceId, String status, int attempts, String lastError) {
        em.createNativeQuery("UPDATE delivery SET status = ?3, attempts = ?4, last_error = ?5 "
                + "WHERE message_id = ?1 AND device_id = ?2")
                .setParameter(1, messageId).setParameter(2, deviceId).setParameter(3, status)
                .setParameter(4, attempts).setParameter(5, truncate(lastError)).executeUpdate();
    }

    /** Makes a pending row eligible for the next recovery run at once (it was not sent by this process). */
    public void release(String messageId, UUID deviceId) {
        em.createNativeQuery("UPDATE delivery SET claimed_at = 'epoch' WHERE message_id = ?1 AND device_id = ?2 "
                + "AND status = 'PENDING'").setParameter(1, messageId).setParameter(2, deviceId).executeUpdate();
    }

    /** Claims up to {@code limit} pending rows whose last claim is older than {@code lease}. */
    @SuppressWarnings("unchecked")
    public List<Pending> claimExpired(Duration lease, int limit) {
        List<Object[]> rows = em.createNativeQuery("UPDATE delivery d SET claimed_at = now() FROM ("
                + " SELECT message_id, device_id FROM delivery WHERE status = 'PENDING'"
                + " AND claimed_at < now() - make_interval(secs => ?1) ORDER BY claimed_at LIMIT ?2"
                + " FOR UPDATE SKIP LOCKED) p"
                + " WHERE d.message_id = p.message_id AND d.device_id = p.device_id"
                + " RETURNING d.message_id, d.device_id, d.payload, d.attempts")
                .setParameter(1, lease.toMillis() / 1000.0).setParameter(2, limit).getResultList();
        List<Pending> out = new ArrayList<>();
        for (Object[] r : rows) {
            out.add(new Pending((String) r[0], (UUID) r[1], (String) r[2], ((Number) r[3]).intValue()));
        }
        return out;
    }

    public int purgeOlderThan(Duration retention) {
        return em.createNativeQuery("DELETE FROM delivery WHERE status <> 'PENDING' "
                + "AND created_at < now() - make_interval(secs => ?1)")
                .setParameter(1, (double) retention.toSeconds()).executeUpdate();
    }

    public String status(String messageId, UUID deviceId) {
        List<?> r = em.createNativeQuery("SELECT status FROM delivery WHERE message_id = ?1 AND device_id = ?2")
                .setParameter(1, messageId).setParameter(2, deviceId).getResultList();
        return r.isEmpty() ? null : (String) r.get(0);
    }

    private static String truncate(String s) {
        return s == null || s.length() <= 1000 ? s : s.substring(0, 1000);
    }
}
