package io.parley.notifier.entity;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A user's mute of a room; {@code mutedUntil} null = until unmuted. */
@Entity
@Table(name = "mute")
@IdClass(MuteEntity.Key.class)
public class MuteEntity extends PanacheEntityBase {

    @Id
    @Column(name = "user_id", length = 128)
    public String userId;

    @Id
    @Column(name = "room_id", length = 128)
    public String roomId;

    @Column(name = "muted_until")
    public Instant mutedUntil;

    public static class Key implements Serializable {
        public String userId;
        public String roomId;

        public Key() {
        }

        public Key(String userId, String roomId) {
            this.userId = userId;
            this.roomId = roomId;
        }

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
