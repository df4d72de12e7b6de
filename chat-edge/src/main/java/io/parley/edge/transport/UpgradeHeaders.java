package io.parley.edge.transport;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReferenceArray;

import io.vertx.core.MultiMap;

/**
 * Trims an accepted WebSocket upgrade request to the headers the upgrade itself and Parley still
 * need, and makes what stays cheap to keep. websockets-next copies every header of the upgrade into
 * the connection (its {@code HandshakeRequest}) and keeps the copy for the connection's life; a
 * browser sends a dozen, cookies among them, which no Parley endpoint reads. The kept headers are
 * put back under shared lower-case names, and the values that are the same for most connections
 * (host, connection, upgrade, version, extensions) are shared too, so the copy references strings
 * every connection has in common instead of holding its own. Everything the edge checks (origin,
 * EIO, transport, sid, the handshake rate) has been checked when this runs.
 */
final class UpgradeHeaders {

    /** What Vert.x and Netty read to complete the upgrade (extensions: permessage-deflate when enabled). */
    static final Set<String> FOR_THE_UPGRADE = Set.of("host", "connection", "upgrade", "sec-websocket-key",
            "sec-websocket-version", "sec-websocket-protocol", "sec-websocket-extensions");

    /** Headers whose value is the same for most connections: their values are shared. */
    private static final Map<String, RecentValues> SHARED_VALUES = Map.of(
            "host", new RecentValues(), "connection", new RecentValues(), "upgrade", new RecentValues(),
            "sec-websocket-version", new RecentValues(), "sec-websocket-protocol", new RecentValues(),
            "sec-websocket-extensions", new RecentValues());

    private UpgradeHeaders() {
    }

    /**
     * Removes every header that is neither needed for the upgrade nor in {@code alsoKept} (lower-case
     * names) and puts the kept ones back under their shared lower-case names; returns how many names
     * were removed.
     */
    static int trim(MultiMap headers, Set<String> alsoKept) {
        List<String> names = new ArrayList<>(headers.names());
        int dropped = 0;
        for (String name : names) {
            String lower = name.toLowerCase(Locale.ROOT);
            String shared = sharedName(lower, alsoKept);
            List<String> values = shared == null ? List.of() : headers.getAll(name);
            headers.remove(name);
            if (shared == null) {
                dropped++;
                continue;
            }
            RecentValues recent = SHARED_VALUES.get(shared);
            for (String value : values) {
                headers.add(shared, recent == null ? value : recent.shared(value));
            }
        }
        return dropped;
    }

    /** The kept set's own instance of this lower-case name, or null when the header is not kept. */
    private static String sharedName(String lower, Set<String> alsoKept) {
        for (String kept : FOR_THE_UPGRADE) {
            if (kept.equals(lower)) {
                return kept;
            }
        }
        for (String kept : alsoKept) {
            if (kept.equals(lower)) {
                return kept;
            }
        }
        return null;
    }

    /**
     * The last few distinct values seen of one header, so that equal values share one string. A
     * bounded set: a client sending a value of its own only replaces one slot; races between event
     * loops at worst miss a share, never change a value.
     */
    static final class RecentValues {

        private static final int SLOTS = 8;
        private final AtomicReferenceArray<String> slots = new AtomicReferenceArray<>(SLOTS);
        private int next; // racy on purpose: only picks which slot a new value replaces

        String shared(String value) {
            for (int i = 0; i < SLOTS; i++) {
                String seen = slots.get(i);
                if (value.equals(seen)) {
                    return seen;
                }
            }
            int slot = Math.floorMod(next++, SLOTS);
            slots.set(slot, value);
            return value;
        }
    }
}
