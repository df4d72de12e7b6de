package io.parley.persister.repository;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.parley.persister.entity.GroupMemberEntity;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

/** Group members on the primary datasource. */
@ApplicationScoped
public class MemberRepository implements PanacheRepositoryBase<GroupMemberEntity, GroupMemberEntity.Key> {

    public List<GroupMemberEntity> listByGroup(UUID groupId) {
        return list("groupId = ?1 order by userId", groupId);
    }
}
