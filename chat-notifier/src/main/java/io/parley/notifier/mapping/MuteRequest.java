package io.parley.notifier.mapping;

import java.time.Instant;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Body of {@code PUT /api/mutes/{roomId}}: muted until {@code until}, or until unmuted when null. */
@RegisterForReflection
public record MuteRequest(Instant until) {
}
