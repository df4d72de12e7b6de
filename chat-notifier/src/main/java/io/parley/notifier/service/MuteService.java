package io.parley.notifier.service;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.parley.notifier.entity.MuteEntity;
import io.parley.notifier.mapping.MuteView;
import io.parley.notifier.repository.MuteRepository;
import io.parley.notifier.rest.ProblemException;

/** Per-user, per-room mute settings. */
@ApplicationScoped
public class MuteService {

    private final MuteRepository mutes;

    public MuteService(MuteRepository mutes) {
        this.mutes = mutes;
    }

    @Transactional
    public MuteView mute(String userId, String roomId, Instant until) {
        if (roomId == null || roomId.isEmpty() || roomId.length() > 128) {
            throw ProblemException.invalid("roomId must be 1..128 characters", "roomId");
        }
        MuteEntity m = mutes.findById(new MuteEntity.Key(userId, roomId));
        if (m == null) {
            m = new MuteEntity();
            m.userId = userId;
            m.roomId = roomId;
            m.mutedUntil = until;
            mutes.persist(m);
        } else {
            m.mutedUntil = until;
        }
        return new MuteView(userId, roomId, until);
    }

    @Transactional
    public boolean unmute(String userId, String roomId) {
        return mutes.deleteById(new MuteEntity.Key(userId, roomId));
    }

    @Transactional
    public List<MuteView> list(String userId) {
        Instant now = Instant.now();
        return mutes.byUser(userId).stream().filter(m -> m.mutedUntil == null || m.mutedUntil.isAfter(now))
                .map(m -> new MuteView(m.userId, m.roomId, m.mutedUntil)).toList();
    }
}
