package io.parley.persister.entity;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/** Membership of one user in one group. */
@Entity
@Table(name = "group_members")
@IdClass(GroupMemberEntity.Key.class)
public class GroupMemberEntity {

    @Id
    @Column(name = "group_id")
    public UUID groupId;

    @Id
    @Column(name = "user_id", length = 128)
    public String userId;

    @Enumerated(EnumType.STRING)
    @Column(length = 16, nullable = false)
    public MemberRole role;

    @Column(name = "joined_at", nullable = false)
    public Instant joinedAt;

    /** Composite primary key. */
    public static class Key implements Serializable {
        public UUID groupId;
        public String userId;

        public Key() {
        }

        public Key(UUID groupId, String userId) {
            this.groupId = groupId;
            this.userId = userId;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(groupId, k.groupId) && Objects.equals(userId, k.userId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(groupId, userId);
        }
    }
}
