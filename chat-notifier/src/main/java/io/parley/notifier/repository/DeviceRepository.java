package io.parley.notifier.repository;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.parley.notifier.entity.DeviceEntity;
import io.parley.notifier.entity.Provider;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

@ApplicationScoped
public class DeviceRepository implements PanacheRepositoryBase<DeviceEntity, UUID> {

    public List<DeviceEntity> byUser(String userId) {
        return list("userId = ?1 order by createdAt", userId);
    }

    public List<DeviceEntity> byUsers(Collection<String> userIds) {
        return userIds.isEmpty() ? List.of() : list("userId in ?1", userIds);
    }

    public Optional<DeviceEntity> byToken(Provider provider, String token) {
        return find("provider = ?1 and token = ?2", provider, token).firstResultOptional();
    }
}
