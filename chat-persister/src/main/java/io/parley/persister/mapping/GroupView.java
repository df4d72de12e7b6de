package io.parley.persister.mapping;

import java.time.Instant;

import io.parley.persister.entity.Visibility;

/** A group as the API returns it; {@code roomId} is the room to join on the edges. */
public record GroupView(String id, String roomId, String name, Visibility visibility, String createdBy,
        Instant createdAt, long memberCount) {
}
