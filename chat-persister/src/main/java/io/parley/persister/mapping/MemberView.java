package io.parley.persister.mapping;

import java.time.Instant;

import io.parley.persister.entity.MemberRole;

public record MemberView(String groupId, String userId, MemberRole role, Instant joinedAt) {
}
