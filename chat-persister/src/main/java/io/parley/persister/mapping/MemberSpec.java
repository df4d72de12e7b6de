package io.parley.persister.mapping;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import io.parley.persister.entity.MemberRole;

/** A member to add; role defaults to MEMBER. Also the body of {@code POST /api/groups/{id}/members}. */
public record MemberSpec(@NotBlank @Size(max = 128) String userId, MemberRole role) {

    public MemberRole roleOrDefault() {
        return role == null ? MemberRole.MEMBER : role;
    }
}
