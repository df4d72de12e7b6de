package io.parley.notifier.repository;

import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.parley.notifier.entity.MuteEntity;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

@ApplicationScoped
public class MuteRepository implements PanacheRepositoryBase<MuteEntity, MuteEntity.Key> {

    public List<MuteEntity> byUser(String userId) {
        return list("userId = ?1 order by roomId", userId);
    }

    /** The "user|room" pairs among the given users and rooms that are muted now. */
    public Set<String> mutedNow(Collection<String> userIds, Collection<String> roomIds) {
        Set<String> out = new HashSet<>();
        if (userIds.isEmpty() || roomIds.isEmpty()) {
            return out;
        }
        for (MuteEntity m : list("userId in ?1 and roomId in ?2 and (mutedUntil is null or mutedUntil > ?3)",
                userIds, roomIds, Instant.now())) {
            out.add(m.userId + "|" + m.roomId);
        }
        return out;
    }
}
