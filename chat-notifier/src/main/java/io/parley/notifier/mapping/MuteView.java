package io.parley.notifier.mapping;

import java.time.Instant;

import io.quarkus.runtime.annotations.RegisterForReflection;

@RegisterForReflection
public record MuteView(String userId, String roomId, Instant until) {
}
