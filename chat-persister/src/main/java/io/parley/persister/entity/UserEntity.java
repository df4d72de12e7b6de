package io.parley.persister.entity;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A user seen on user-events. Written by upsert (see UserActivityRepository). */
@Entity
@Table(name = "users")
public class UserEntity {

    @Id
    @Column(length = 128)
    public String id;

    @Column(name = "first_seen", nullable = false)
    public Instant firstSeen;

    @Column(name = "last_seen", nullable = false)
    public Instant lastSeen;
}
