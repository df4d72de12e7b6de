package io.parley.persister.rest;

import jakarta.enterprise.context.ApplicationScoped;

import io.parley.persister.config.PersisterConfig;

/**
 * AUTHENTICATION SEAM, INSECURE, DEVELOPMENT ONLY. Until the API authenticates callers (a later
 * issue: OIDC bearer tokens), the caller's user id can be taken from the {@code X-Parley-User}
 * header when {@code parley.persister.insecure-dev-user-header=true} (set in the dev and test
 * profiles only). Anyone can send that header: never enable it in production. When disabled the
 * caller is unknown (null) and nothing is authorized by it.
 */
@ApplicationScoped
public class DevCaller {

    public static final String HEADER = "X-Parley-User";

    private final PersisterConfig config;

    public DevCaller(PersisterConfig config) {
        this.config = config;
    }

    /** The caller's user id, or null when unknown. */
    public String userId(String headerValue) {
        if (!config.insecureDevUserHeader() || headerValue == null || headerValue.isBlank()) {
            return null;
        }
        return headerValue.length() > 128 ? headerValue.substring(0, 128) : headerValue;
    }
}
