package io.parley.notifier.entity;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A registered device (or web push subscription) of a user. */
@Entity
@Table(name = "device")
public class DeviceEntity extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "user_id", nullable = false, length = 128)
    public String userId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    public Provider provider;

    @Column(nullable = false, columnDefinition = "text")
    public String token;

    @Column(length = 128)
    public String p256dh;

    @Column(length = 64)
    public String auth;

    @Column(length = 128)
    public String label;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
