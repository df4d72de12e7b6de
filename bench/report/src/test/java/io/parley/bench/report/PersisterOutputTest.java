package io.parley.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.vertx.core.json.JsonObject;

class PersisterOutputTest {

    static final String THROUGHPUT = """
            throughput: 50000 messages of 100 chars in 100 rooms
              producer: 3750 msg/s (13333 ms to send all)
              into PostgreSQL: 2790 msg/s (first send to last row 17.92 s)
              stored: 2800 msg/s (first row to last row 17.85 s)
              cpu per message: persister 6.9 us, whole machine 30.5 us (this program 6.1 us)
              backlog: 2600 msg/s (12000 rows stored in the 4.62 s after the producer finished); cpu per message: persister 6.2 us, whole machine 24.8 us
            latency at 5000 msg/s, 25000 messages (send to committed row):
              p50 172 ms, p90 278 ms, p99 342 ms, p99.9 372 ms, max 372 ms
            """;

    static final String EDGE = """
            edge -> Kafka -> persister -> PostgreSQL: 50000 messages of 100 chars, 50 sockets (one room each), offered 5000 msg/s for 10 s
              sent at 4998 msg/s; acks: 331 ok, errors {UNAVAILABLE (the message could not be delivered; it was not sent)=49669}
              acked at 19 msg/s (first send to last ack)
              send -> ack (Kafka acks=all): p50 900.0 ms, p90 5000.5 ms, p99 10600.0 ms, p99.9 10650.0 ms, max 10700.0 ms
              send -> row committed:        p50 500.0 ms, p90 4000.0 ms, p99 10600.0 ms, p99.9 10610.0 ms, max 10620.0 ms (1 ms resolution)
              persister: 331 rows stored, 0 acked but missing; 19 rows/s (first to last stored_at, 17000 ms)
            """;

    @Test
    void readsEveryFigure() {
        JsonObject r = PersisterOutput.parse(THROUGHPUT, EDGE, 0, 1, 5000);
        assertEquals(2790.0, r.getDouble("persistedPerS"));
        assertEquals(3750.0, r.getDouble("producerPerS"));
        assertEquals(6.9, r.getDouble("persisterCpuUsPerMsg"));
        assertEquals(30.5, r.getDouble("machineCpuUsPerMsg"));
        assertEquals(2600.0, r.getDouble("backlogPerS"));
        assertEquals(12000L, r.getLong("backlogRows"));
        assertEquals(4.62, r.getDouble("backlogS"));
        assertEquals(6.2, r.getDouble("backlogPersisterCpuUsPerMsg"));
        assertEquals(24.8, r.getDouble("backlogMachineCpuUsPerMsg"));
        assertEquals(5000, r.getInteger("persisterLatencyRate"));
        assertEquals(342.0, r.getDouble("persisterRowP99Ms"));
        assertEquals(5000, r.getInteger("e2eRate"));
        assertEquals(331, r.getInteger("e2eAcksOk"));
        assertEquals(49669L, r.getLong("e2eAckErrors"));
        assertEquals(10600.0, r.getDouble("e2eAckP99Ms"));
        assertEquals(500.0, r.getDouble("e2eRowP50Ms"));
        assertEquals(10600.0, r.getDouble("e2eRowP99Ms"));
        assertEquals(0L, r.getLong("e2eRowsMissing"));
        assertTrue(r.getBoolean("ok"), "figures of a program that exited 1 still count");
        assertTrue(r.getString("reason").contains("EdgeToRowLatency exited with status 1"));
    }

    @Test
    void aBacklogStoredTooQuicklyOrNotPrintedIsSaid() {
        String quick = THROUGHPUT.replace("(12000 rows stored in the 4.62 s", "(900 rows stored in the 0.35 s");
        JsonObject r = PersisterOutput.parse(quick, EDGE, 0, 0, 5000);
        assertEquals(0.35, r.getDouble("backlogS"));
        assertTrue(r.getJsonArray("warnings").encode().contains("stored in 0.35 s, too short"), r.encode());

        String none = THROUGHPUT.lines().filter(l -> !l.contains("backlog:")).reduce("", (a, l) -> a + l + "\n");
        JsonObject without = PersisterOutput.parse(none, EDGE, 0, 0, 5000);
        assertFalse(without.containsKey("backlogPerS"));
        assertTrue(without.getString("reason").contains("printed no backlog rate"));
        assertTrue(without.getBoolean("ok"), "the other figures still count");
    }

    @Test
    void noOutputIsAFailedRunWithItsReasons() {
        JsonObject r = PersisterOutput.parse("", "Exception in thread main", 1, 2, 5000);
        assertFalse(r.getBoolean("ok"));
        assertTrue(r.getBoolean("runFailed"));
        assertTrue(r.getString("reason").contains("PersisterThroughput printed no throughput"));
        assertTrue(RunRecord.parse(r.put("scenario", "f").put("server", "parley").encode()).failed());
    }

    @Test
    void noSamplesLeavesThePercentilesOut() {
        String edge = """
                edge -> Kafka -> persister -> PostgreSQL: 100 messages of 100 chars, 5 sockets (one room each), offered 10 msg/s for 10 s
                  sent at 10 msg/s; acks: 0 ok, errors {}
                  send -> ack (Kafka acks=all): no samples
                  send -> row committed:        no samples (1 ms resolution)
                """;
        JsonObject r = PersisterOutput.parse(THROUGHPUT, edge, 0, 1, 10);
        assertFalse(r.containsKey("e2eRowP99Ms"));
        assertEquals(0L, r.getLong("e2eAckErrors"));
        assertTrue(r.getBoolean("ok"));
    }

    @Test
    void readsTheCpuLineAndWarnsWhenTheLoadGeneratorWasBusy() {
        String quiet = EDGE + "  cpu: load generator 21% of a core, edge 64% of a core (first send to last ack)\n";
        JsonObject r = PersisterOutput.parse(THROUGHPUT, quiet, 0, 0, 5000);
        assertEquals(21.0, r.getDouble("e2eLoadgenCpuPct"));
        assertEquals(64.0, r.getDouble("e2eEdgeCpuPct"));
        assertFalse(r.getJsonArray("warnings").encode().contains("load generator"));

        String busy = EDGE + "  cpu: load generator 97% of a core, edge unknown (first send to last ack)\n";
        r = PersisterOutput.parse(THROUGHPUT, busy, 0, 0, 5000);
        assertEquals(97.0, r.getDouble("e2eLoadgenCpuPct"));
        assertFalse(r.containsKey("e2eEdgeCpuPct"));
        assertTrue(r.getJsonArray("warnings").encode().contains("the load generator used 97% of a core"));
    }

    @Test
    void readsTheWarmUpAndTheEdgesJitShareAndWarnsWhenTheEdgeWasNotWarm() {
        String warm = "warm-up: 75 s (JIT compilers settled: edge 2.1%, persister 0.4% of a core over the last 5 s), 375000 messages "
                + "at 5000 msg/s, 301658 acked ok, 73342 refused\n" + EDGE
                + "  cpu: load generator 22% of a core, edge 62% of a core (JIT compilers 1%) (first send to last ack)\n";
        JsonObject r = PersisterOutput.parse(THROUGHPUT, warm, 0, 0, 5000);
        assertEquals(75, r.getInteger("e2eWarmupS"));
        assertEquals(375000L, r.getLong("e2eWarmupMessages"));
        assertEquals(73342L, r.getLong("e2eWarmupRefused"));
        assertTrue(r.getBoolean("e2eJitSettled"));
        assertEquals(62.0, r.getDouble("e2eEdgeCpuPct"));
        assertEquals(1.0, r.getDouble("e2eEdgeJitCpuPct"));
        assertFalse(r.getJsonArray("warnings").encode().contains("JIT"));

        String cold = "warm-up: 180 s (JIT compilers had not settled: edge 31.0%, persister not watched of a core over the last 5 s), "
                + "900000 messages at 5000 msg/s, 880000 acked ok, 20000 refused\n" + EDGE
                + "  cpu: load generator 22% of a core, edge 80% of a core (JIT compilers 35%) (first send to last ack)\n";
        r = PersisterOutput.parse(THROUGHPUT, cold, 0, 0, 5000);
        assertFalse(r.getBoolean("e2eJitSettled"));
        assertEquals(35.0, r.getDouble("e2eEdgeJitCpuPct"));
        String warnings = r.getJsonArray("warnings").encode();
        assertTrue(warnings.contains("the send-to-row warm-up ended before the JIT settled"), warnings);
        assertTrue(warnings.contains("the edge's JIT compilers used 35% of a core while measuring"), warnings);
    }

    @Test
    void readsThePersistersWarmUpAndWarnsWhenItsJitHadNotSettled() {
        String warm = "warm-up: 4 rounds of 100000 messages, 31 s (the persister's JIT compilers settled: 3.2% of a core "
                + "over the last round)\n" + THROUGHPUT;
        JsonObject r = PersisterOutput.parse(warm, EDGE, 0, 0, 5000);
        assertEquals(31, r.getInteger("persisterWarmupS"));
        assertEquals(400000L, r.getLong("persisterWarmupMessages"));
        assertTrue(r.getBoolean("persisterJitSettled"));
        assertFalse(r.getJsonArray("warnings").encode().contains("JIT"));

        String cold = "warm-up: 20 rounds of 100000 messages, 181 s (the persister's JIT compilers had not settled: "
                + "12.0% of a core over the last round)\n" + THROUGHPUT;
        r = PersisterOutput.parse(cold, EDGE, 0, 0, 5000);
        assertFalse(r.getBoolean("persisterJitSettled"));
        assertTrue(r.getJsonArray("warnings").encode().contains("the persister's warm-up ended before its JIT settled"));
    }
}
