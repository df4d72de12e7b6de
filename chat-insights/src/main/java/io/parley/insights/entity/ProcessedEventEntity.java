package io.parley.insights.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A chat message id already counted, with its event ts (epoch ms). Written by AggregateRepository. */
@Entity
@Table(name = "processed_events")
public class ProcessedEventEntity {

    @Id
    @Column(name = "event_id", length = 64)
    public String eventId;

    @Column(name = "event_ts", nullable = false)
    public long eventTs;
}
