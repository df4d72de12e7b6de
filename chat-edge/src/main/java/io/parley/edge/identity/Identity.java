package io.parley.edge.identity;

import java.util.Set;

/** The authenticated user behind a socket. */
public record Identity(String userId, String displayName, Set<String> roles) {
}
