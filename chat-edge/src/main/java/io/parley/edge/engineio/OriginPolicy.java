package io.parley.edge.engineio;

import java.util.List;
import java.util.Set;

/** The configured Origin allowlist; {@code *} allows any origin. */
public final class OriginPolicy {

    private final boolean any;
    private final Set<String> allowed;

    public OriginPolicy(List<String> origins) {
        this.any = origins.contains("*");
        this.allowed = Set.copyOf(origins.stream().map(OriginPolicy::normalize).toList());
    }

    public boolean allows(String origin) {
        return any || allowed.contains(normalize(origin));
    }

    private static String normalize(String origin) {
        String o = origin.trim().toLowerCase();
        return o.endsWith("/") ? o.substring(0, o.length() - 1) : o;
    }
}
