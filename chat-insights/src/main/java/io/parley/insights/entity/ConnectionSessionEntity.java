package io.parley.insights.entity;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/** One socket's session on an edge node, from its CONNECTED and DISCONNECTED user events. */
@Entity
@Table(name = "connection_session")
@IdClass(ConnectionSessionEntity.Key.class)
public class ConnectionSessionEntity {

    @Id
    @Column(name = "node_id", length = 128)
    public String nodeId;

    @Id
    @Column(name = "socket_id", length = 128)
    public String socketId;

    @Column(name = "user_id", length = 128, nullable = false)
    public String userId;

    /** Null when only the DISCONNECTED event arrived. */
    @Column(name = "connected_at")
    public Instant connectedAt;

    /** Null while open. */
    @Column(name = "disconnected_at")
    public Instant disconnectedAt;

    public static class Key implements Serializable {
        public String nodeId;
        public String socketId;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(nodeId, k.nodeId) && Objects.equals(socketId, k.socketId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(nodeId, socketId);
        }
    }
}
