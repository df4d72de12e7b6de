package io.parley.edge.engineio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.vertx.core.MultiMap;

/** A session keeps only the request headers Parley reads later, whatever their case. */
class HandshakeHeadersTest {

    private static final Set<String> KEPT = new EngineIoServer.Settings(25_000, 20_000, 1_000_000, 10_000, 1000,
            false, 1024, "", 0, Set.of("Authorization", "X-Forwarded-For")).handshakeHeaders();

    private static MultiMap request() {
        return MultiMap.caseInsensitiveMultiMap()
                .add("Host", "chat.example:8080")
                .add("authorization", "Bearer abc")
                .add("X-FORWARDED-FOR", "203.0.113.7, 10.0.0.1")
                .add("x-forwarded-for", "198.51.100.1")
                .add("User-Agent", "socket.io-client")
                .add("Cookie", "session=secret");
    }

    @Test
    void keepsTheNamedHeadersOnlyWithTheirFirstValue() {
        Map<String, String> kept = EngineIoServer.keptHeaders(request(), KEPT);
        assertEquals(Map.of("authorization", "Bearer abc", "x-forwarded-for", "203.0.113.7, 10.0.0.1"), kept);
    }

    @Test
    void aKeptHeaderIsFoundWhateverTheCaseItIsAskedIn() {
        HandshakeInfo info = new HandshakeInfo(EngineIoServer.keptHeaders(request(), KEPT), "EIO=4", "127.0.0.1",
                "websocket", false, 0);
        assertEquals("Bearer abc", info.header("Authorization"));
        assertEquals("Bearer abc", info.header("AUTHORIZATION"));
        assertEquals("203.0.113.7, 10.0.0.1", info.header("x-Forwarded-For"));
        assertNull(info.header("User-Agent"), "a header nobody reads later is not kept");
        assertNull(info.header("Cookie"));
    }

    @Test
    void aRequestWithoutAnyKeptHeaderKeepsNothing() {
        MultiMap bare = MultiMap.caseInsensitiveMultiMap().add("Host", "chat.example");
        assertEquals(Map.of(), EngineIoServer.keptHeaders(bare, KEPT));
        assertEquals(Map.of(), EngineIoServer.keptHeaders(request(), Set.of()));
    }
}
