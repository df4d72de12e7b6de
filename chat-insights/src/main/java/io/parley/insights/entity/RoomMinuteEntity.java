package io.parley.insights.entity;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/** Messages of a room in one minute. Incremented by upsert (AggregateRepository). */
@Entity
@Table(name = "room_minute")
@IdClass(RoomMinuteEntity.Key.class)
public class RoomMinuteEntity {

    @Id
    @Column(name = "room_id", length = 128)
    public String roomId;

    @Id
    @Column(name = "bucket")
    public Instant bucket;

    @Column(name = "messages", nullable = false)
    public long messages;

    public static class Key implements Serializable {
        public String roomId;
        public Instant bucket;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(roomId, k.roomId) && Objects.equals(bucket, k.bucket);
        }

        @Override
        public int hashCode() {
            return Objects.hash(roomId, bucket);
        }
    }
}
