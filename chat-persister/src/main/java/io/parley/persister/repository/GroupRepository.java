package io.parley.persister.repository;

import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.parley.persister.entity.ChatGroupEntity;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

/** Groups on the primary datasource (writes and the reads a write depends on). */
@ApplicationScoped
public class GroupRepository implements PanacheRepositoryBase<ChatGroupEntity, UUID> {

    public Optional<ChatGroupEntity> findByDirectKey(String directKey) {
        return find("directKey", directKey).firstResultOptional();
    }
}
