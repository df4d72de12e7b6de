package io.parley.persister.entity;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A stored chat message. The consumer writes these with one batched native statement (see
 * MessageRepository#insertIgnoringDuplicates); the entity maps the table for validation and queries.
 */
@Entity
@Table(name = "messages")
public class MessageEntity {

    @Id
    public UUID id;

    @Column(name = "room_id", length = 128, nullable = false)
    public String roomId;

    @Column(nullable = false)
    public long seq;

    @Column(name = "sender_id", length = 128, nullable = false)
    public String senderId;

    @Column(length = 4000, nullable = false)
    public String body;

    @Column(name = "client_msg_id", length = 64)
    public String clientMsgId;

    /** Edge's accept time, epoch milliseconds. */
    @Column(nullable = false)
    public long ts;

    @Column(name = "node_id", length = 128, nullable = false)
    public String nodeId;

    @Column(name = "stored_at", nullable = false)
    public Instant storedAt;
}
