package io.parley.insights.entity;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/** A sender who sent at least one message in a room in one minute. */
@Entity
@Table(name = "room_minute_sender")
@IdClass(RoomMinuteSenderEntity.Key.class)
public class RoomMinuteSenderEntity {

    @Id
    @Column(name = "room_id", length = 128)
    public String roomId;

    @Id
    @Column(name = "bucket")
    public Instant bucket;

    @Id
    @Column(name = "sender_id", length = 128)
    public String senderId;

    public static class Key implements Serializable {
        public String roomId;
        public Instant bucket;
        public String senderId;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(roomId, k.roomId) && Objects.equals(bucket, k.bucket)
                    && Objects.equals(senderId, k.senderId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(roomId, bucket, senderId);
        }
    }
}
