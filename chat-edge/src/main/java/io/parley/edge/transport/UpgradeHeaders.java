package io.parley.edge.transport;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.vertx.core.MultiMap;

/**
 * Trims an accepted WebSocket upgrade request to the headers the upgrade itself and Parley still
 * need. websockets-next copies every header of the upgrade into the connection (its
 * {@code HandshakeRequest}) and keeps the copy for the connection's life; a browser sends a dozen,
 * cookies among them, which no Parley endpoint reads. Everything the edge checks (origin, EIO,
 * transport, sid, the handshake rate) has been checked when this runs.
 */
final class UpgradeHeaders {

    /** What Vert.x and Netty read to complete the upgrade (extensions: permessage-deflate when enabled). */
    static final Set<String> FOR_THE_UPGRADE = Set.of("host", "connection", "upgrade", "sec-websocket-key",
            "sec-websocket-version", "sec-websocket-protocol", "sec-websocket-extensions");

    private UpgradeHeaders() {
    }

    /**
     * Removes every header that is neither needed for the upgrade nor in {@code alsoKept} (lower-case
     * names); returns how many names were removed.
     */
    static int trim(MultiMap headers, Set<String> alsoKept) {
        List<String> drop = new ArrayList<>();
        for (String name : headers.names()) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!FOR_THE_UPGRADE.contains(lower) && !alsoKept.contains(lower)) {
                drop.add(name);
            }
        }
        for (String name : drop) {
            headers.remove(name);
        }
        return drop.size();
    }
}
