package io.parley.persister.entity;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/** Highest seq a user has read in a room. Written by upsert (see UserActivityRepository). */
@Entity
@Table(name = "read_markers")
@IdClass(ReadMarkerEntity.Key.class)
public class ReadMarkerEntity {

    @Id
    @Column(name = "user_id", length = 128)
    public String userId;

    @Id
    @Column(name = "room_id", length = 128)
    public String roomId;

    @Column(name = "last_read_seq", nullable = false)
    public long lastReadSeq;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    public static class Key implements Serializable {
        public String userId;
        public String roomId;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(userId, k.userId) && Objects.equals(roomId, k.roomId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(userId, roomId);
        }
    }
}
