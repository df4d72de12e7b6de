package io.parley.edge.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
        assertEquals(new TreeSet<>(Set.of("host", "connection", "upgrade", "sec-websocket-version", "sec-websocket-key",
                "sec-websocket-extensions", "authorization", "x-forwarded-for")), new TreeSet<>(headers.names()));
        assertEquals("Bearer abc", headers.get("Authorization"));
        assertEquals("203.0.113.7", headers.get("x-forwarded-for"));
        assertEquals("dGhlIHNhbXBsZSBub25jZQ==", headers.get("sec-websocket-key"));
        assertEquals(List.of("permessage-deflate; client_max_window_bits"), headers.getAll("Sec-WebSocket-Extensions"));
    }

    @Test
    void keptNamesAreTheSharedLowerCaseInstances() {
        String forwarded = new String("x-forwarded-for");
        MultiMap headers = browserUpgrade();
        UpgradeHeaders.trim(headers, Set.of("authorization", forwarded));
        for (Map.Entry<String, String> header : headers) {
            String name = header.getKey();
            String expected = name.equals("x-forwarded-for") ? forwarded
                    : name.equals("authorization") ? "authorization"
                            : UpgradeHeaders.FOR_THE_UPGRADE.stream().filter(name::equals).findFirst().orElseThrow();
            assertSame(expected, name, name);
        }
    }

    @Test
    void valuesMostConnectionsHaveInCommonAreSharedAndTheirOwnAreNot() {
        MultiMap first = browserUpgrade();
        MultiMap second = MultiMap.caseInsensitiveMultiMap();
        // equal values, distinct instances, as two requests decoded apart would have them
        first.forEach(header -> second.add(header.getKey(), new String(header.getValue())));
        second.set("Sec-WebSocket-Key", "x3JJHMbDL1EzLkh9GBhXDw==");
        UpgradeHeaders.trim(first, Set.of("authorization"));
        UpgradeHeaders.trim(second, Set.of("authorization"));
        for (String name : List.of("host", "connection", "upgrade", "sec-websocket-version", "sec-websocket-extensions")) {
            assertSame(first.get(name), second.get(name), name);
        }
        assertEquals("Bearer abc", second.get("authorization"));
        assertNotSame(first.get("authorization"), second.get("authorization"), "a client's own token is its own");
        assertEquals("x3JJHMbDL1EzLkh9GBhXDw==", second.get("sec-websocket-key"));
    }

    @Test
    void manyDistinctValuesEachKeepTheirOwn() {
        List<MultiMap> upgrades = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            MultiMap headers = browserUpgrade().set("Host", "host-" + i + ".example");
            UpgradeHeaders.trim(headers, Set.of());
            upgrades.add(headers);
        }
        for (int i = 0; i < 40; i++) {
            assertEquals("host-" + i + ".example", upgrades.get(i).get("host"));
            assertEquals(1, upgrades.get(i).getAll("host").size());
        }
    }

    @Test
    void withNothingElseKeptOnlyTheUpgradeHeadersStay() {
        MultiMap headers = browserUpgrade();
        UpgradeHeaders.trim(headers, Set.of());
        assertEquals(6, headers.names().size(), headers.names().toString());
        assertEquals(0, UpgradeHeaders.trim(headers, Set.of()), "nothing left to drop");
    }
}
