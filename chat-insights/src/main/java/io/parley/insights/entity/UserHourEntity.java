package io.parley.insights.entity;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/** A user active in one hour (a user event or a message). */
@Entity
@Table(name = "user_hour")
@IdClass(UserHourEntity.Key.class)
public class UserHourEntity {

    @Id
    @Column(name = "bucket")
    public Instant bucket;

    @Id
    @Column(name = "user_id", length = 128)
    public String userId;

    public static class Key implements Serializable {
        public Instant bucket;
        public String userId;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(bucket, k.bucket) && Objects.equals(userId, k.userId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(bucket, userId);
        }
    }
}
