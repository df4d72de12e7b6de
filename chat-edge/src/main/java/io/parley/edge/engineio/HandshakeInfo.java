package io.parley.edge.engineio;

import java.util.Map;

/**
 * What the server knew of the HTTP request that opened a session: headers (case-insensitive keys),
 * the raw query string, the peer address and the transport used.
 */
public record HandshakeInfo(Map<String, String> headers, String query, String remoteAddress, String transport,
        boolean secure, long issuedAtMillis) {

    public String header(String name) {
        return headers.get(name);
    }
}
