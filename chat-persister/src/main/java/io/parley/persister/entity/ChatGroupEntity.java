package io.parley.persister.entity;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A chat group; one room on the edges. */
@Entity
@Table(name = "chat_groups")
public class ChatGroupEntity {

    /** Room id of a group on the edges. */
    public static String roomIdOf(UUID groupId) {
        return "grp:" + groupId;
    }

    @Id
    public UUID id;

    @Column(name = "room_id", length = 128, nullable = false, unique = true)
    public String roomId;

    @Column(length = 200, nullable = false)
    public String name;

    @Enumerated(EnumType.STRING)
    @Column(length = 16, nullable = false)
    public Visibility visibility;

    /** For DIRECT only: the two user ids, sorted, joined by a newline. */
    @Column(name = "direct_key", length = 260, unique = true)
    public String directKey;

    @Column(name = "created_by", length = 128)
    public String createdBy;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
