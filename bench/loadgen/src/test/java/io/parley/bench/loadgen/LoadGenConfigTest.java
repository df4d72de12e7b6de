package io.parley.bench.loadgen;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LoadGenConfigTest {

    @Test
    void parsesScenarioOptions() {
        LoadGenConfig c = LoadGenConfig.parse(new String[] {
                "--url", "ws://127.0.0.1:7201", "--clients", "1000", "--rooms", "100", "--publishers", "100",
                "--rate", "10000", "--payload", "256", "--duration", "30s", "--warmup", "500ms", "--server-pid", "77,78"});
        assertEquals("127.0.0.1", c.host);
        assertEquals(7201, c.port);
        assertEquals("/socket.io/", c.path);
        assertEquals(1000, c.clients);
        assertEquals(10000.0, c.rate);
        assertEquals(30_000, c.durationMillis);
        assertEquals(500, c.warmupMillis);
        assertEquals(java.util.List.of(77L, 78L), c.serverPids);
        assertEquals(LoadGenConfig.Mode.CHAT, c.mode);
    }

    @Test
    void spreadsClientsOverSeveralUrls() {
        LoadGenConfig c = LoadGenConfig.parse(new String[] {"--url", "http://127.0.0.1:7201,ws://localhost:7202/sio/"});
        assertEquals(2, c.endpoints.size());
        assertEquals(7202, c.endpoints.get(1).port());
        assertEquals("/sio/", c.endpoints.get(1).path());
        assertEquals("ws://127.0.0.1:7201/socket.io/, ws://localhost:7202/sio/", c.targets());
        // 20 rooms by default: clients 0..19 are the first member of each room, 20..39 the second
        assertEquals(0, c.endpointIndex(0));
        assertEquals(0, c.endpointIndex(19));
        assertEquals(1, c.endpointIndex(20));
        assertEquals(0, c.endpointIndex(40));
        assertThrows(IllegalArgumentException.class,
                () -> LoadGenConfig.parse(new String[] {"--url", "http://127.0.0.1:7201,http://192.0.2.1:7202"}));
    }

    @Test
    void closedLoopWhenRateIsZeroAndModesByFlag() {
        assertTrue(LoadGenConfig.parse(new String[] {"--rate", "0"}).closedLoop());
        assertEquals(LoadGenConfig.Mode.STORM, LoadGenConfig.parse(new String[] {"--storm"}).mode);
        assertEquals(LoadGenConfig.Mode.IDLE, LoadGenConfig.parse(new String[] {"--idle"}).mode);
        assertEquals(2 * 60_000, LoadGenConfig.parseMillis("2m"));
        assertEquals(1500, LoadGenConfig.parseMillis("1.5"));
    }

    @Test
    void refusesNonLoopbackTargetsAndBadTopologies() {
        assertThrows(IllegalArgumentException.class,
                () -> LoadGenConfig.parse(new String[] {"--url", "http://192.0.2.10:7101"}));
        assertThrows(IllegalArgumentException.class,
                () -> LoadGenConfig.parse(new String[] {"--clients", "10", "--publishers", "11"}));
        assertThrows(IllegalArgumentException.class, () -> LoadGenConfig.parse(new String[] {"--bogus", "1"}));
        assertTrue(LoadGenConfig.isLoopback("localhost"));
    }
}
