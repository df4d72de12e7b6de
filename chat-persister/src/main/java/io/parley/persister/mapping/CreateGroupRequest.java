package io.parley.persister.mapping;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import io.parley.persister.entity.Visibility;

/**
 * Body of {@code POST /api/groups}. PUBLIC and PRIVATE groups need a name; a DIRECT conversation
 * has exactly two distinct members and an optional name.
 */
public record CreateGroupRequest(
        @Size(min = 1, max = 200) String name,
        @NotNull Visibility visibility,
        @NotNull @Size(max = 1000) List<@NotNull @Valid MemberSpec> members) {
}
