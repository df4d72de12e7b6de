package io.parley.edge.engineio;

import java.util.Locale;
import java.util.Map;

/**
 * What the server knew of the HTTP request that opened a session: the headers Parley reads later
 * (lower-case names; {@link EngineIoServer.Settings#handshakeHeaders()}), the raw query string, the
 * peer address and the transport used. A session keeps it for its whole life, so it holds no more
 * of the request than that.
 */
public record HandshakeInfo(Map<String, String> headers, String query, String remoteAddress, String transport,
        boolean secure, long issuedAtMillis) {

    /** The header's value, or null when the request had none or it is not one that is kept. */
    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }
}
