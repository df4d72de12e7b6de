package io.parley.edge.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import io.vertx.core.MultiMap;

/** An accepted upgrade keeps what the upgrade and the session need, and loses a browser's other headers. */
class UpgradeHeadersTest {

    private static MultiMap browserUpgrade() {
        return MultiMap.caseInsensitiveMultiMap()
                .add("Host", "chat.example")
                .add("Connection", "Upgrade")
                .add("Upgrade", "websocket")
                .add("Sec-WebSocket-Version", "13")
                .add("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==")
                .add("Sec-WebSocket-Extensions", "permessage-deflate; client_max_window_bits")
                .add("Origin", "https://chat.example")
                .add("User-Agent", "Mozilla/5.0")
                .add("Cookie", "a=1").add("Cookie", "b=2")
                .add("Accept-Language", "en")
                .add("authorization", "Bearer abc")
                .add("X-Forwarded-For", "203.0.113.7");
    }

    @Test
    void keepsTheUpgradeHeadersAndTheSessionsAndDropsTheRest() {
        MultiMap headers = browserUpgrade();
        assertEquals(4, UpgradeHeaders.trim(headers, Set.of("authorization", "x-forwarded-for")), "Origin, User-Agent, Cookie, Accept-Language");
        assertEquals(new TreeSet<>(Set.of("Host", "Connection", "Upgrade", "Sec-WebSocket-Version", "Sec-WebSocket-Key",
                "Sec-WebSocket-Extensions", "authorization", "X-Forwarded-For")), new TreeSet<>(headers.names()));
        assertEquals("Bearer abc", headers.get("Authorization"));
    }

    @Test
    void withNothingElseKeptOnlyTheUpgradeHeadersStay() {
        MultiMap headers = browserUpgrade();
        UpgradeHeaders.trim(headers, Set.of());
        assertEquals(6, headers.names().size(), headers.names().toString());
        assertEquals(0, UpgradeHeaders.trim(headers, Set.of()), "nothing left to drop");
    }
}
