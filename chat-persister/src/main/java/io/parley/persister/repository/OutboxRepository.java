package io.parley.persister.repository;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.parley.persister.entity.OutboxEntity;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

/** The membership outbox. */
@ApplicationScoped
public class OutboxRepository implements PanacheRepositoryBase<OutboxEntity, Long> {

    /** Arbitrary constant: the advisory lock that lets one relay at a time publish (keeps the order). */
    static final long RELAY_LOCK = 0x70617273L;

    /** Takes the relay lock for the current transaction; false when another instance holds it. */
    public boolean tryRelayLock() {
        Object locked = getEntityManager().createNativeQuery("SELECT pg_try_advisory_xact_lock(?1)")
                .setParameter(1, RELAY_LOCK).getSingleResult();
        return Boolean.TRUE.equals(locked);
    }

    public List<OutboxEntity> oldest(int max) {
        return find("order by id").page(0, max).list();
    }
}
