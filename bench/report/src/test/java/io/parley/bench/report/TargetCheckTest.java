package io.parley.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.vertx.core.json.JsonObject;

class TargetCheckTest {

    private static String line(String scenario, String server, int round, Map<String, Object> figures) {
        JsonObject o = new JsonObject().put("scenario", scenario).put("server", server).put("round", round)
                .put("runId", "20261129T120000Z").put("ok", true);
        figures.forEach(o::put);
        return o.encode();
    }

    private static Map<String, TargetCheck.Row> check(List<String> lines) {
        return TargetCheck.evaluate(ResultSet.of(lines)).stream()
                .collect(Collectors.toMap(r -> r.target().id(), r -> r));
    }

    @Test
    void ratioTargetsUseTheMediansOfTheRounds() {
        List<String> lines = new ArrayList<>();
        double[] nodeP99 = { 40, 50, 45 };
        double[] parleyP99 = { 5, 9, 8 };
        for (int i = 0; i < 3; i++) {
            lines.add(line("a", "node", i + 1, Map.of("latencyP99Ms", nodeP99[i], "serverCpuPct", 100.0)));
            lines.add(line("a", "parley", i + 1, Map.of("latencyP99Ms", parleyP99[i], "serverCpuPct", 70.0)));
        }
        Map<String, TargetCheck.Row> rows = check(lines);
        assertEquals(8.0 / 45.0, rows.get("a-p99").value(), 1e-9);
        assertEquals(Verdict.MET, rows.get("a-p99").verdict());
        assertEquals(0.7, rows.get("a-cpu").value(), 1e-9);
        assertEquals(Verdict.NOT_MET, rows.get("a-cpu").verdict());
    }

    @Test
    void lostDeliveriesMakeParleysLatencyInconclusive() {
        List<String> lines = List.of(
                line("a", "node", 1, Map.of("latencyP99Ms", 40.0)),
                line("a", "parley", 1, Map.of("latencyP99Ms", 2.0, "missing", 500, "duplicated", 0, "outOfOrder", 0)));
        TargetCheck.Row row = check(lines).get("a-p99");
        assertEquals(Verdict.INCONCLUSIVE, row.verdict());
        assertTrue(row.note().contains("500 deliveries missing"), row.note());
    }

    @Test
    void failedRunsDoNotCountAndAScenarioWithoutRunsIsNotMeasured() {
        List<String> lines = List.of(
                line("e", "node", 1, Map.of("handshakesPerS", 1000.0)),
                line("e", "parley", 1, Map.of("handshakesPerS", 900.0, "ok", false)),
                new JsonObject().put("scenario", "e").put("server", "parley").put("round", 2)
                        .put("runId", "20261129T120000Z").put("runFailed", true).put("ok", false)
                        .put("reason", "the server on port 7401 exited during startup").encode());
        Map<String, TargetCheck.Row> rows = check(lines);
        assertEquals(Verdict.NOT_MEASURED, rows.get("e-handshakes").verdict());
        assertTrue(rows.get("e-handshakes").note().contains("failed"), rows.get("e-handshakes").note());
        assertEquals(Verdict.NOT_MEASURED, rows.get("b-deliveries").verdict());
        assertEquals(Verdict.NOT_MEASURED, rows.get("f-throughput").verdict());
    }

    @Test
    void saturationWithASaturatedLoadGeneratorIsInconclusive() {
        List<String> lines = List.of(
                line("b", "node", 1, Map.of("deliveriesPerS", 100_000.0)),
                line("b", "parley", 1, Map.of("deliveriesPerS", 400_000.0, "loadgenSaturated", true)));
        TargetCheck.Row row = check(lines).get("b-deliveries");
        assertEquals(4.0, row.value(), 1e-9);
        assertEquals(Verdict.INCONCLUSIVE, row.verdict());
    }

    @Test
    void aStormFloorThatMeetsTheTargetStillCounts() {
        List<String> lines = List.of(
                line("e", "node", 1, Map.of("handshakesPerS", 1000.0)),
                line("e", "parley", 1, Map.of("handshakesPerS", 2500.0, "loadgenSaturated", true)));
        assertEquals(Verdict.MET, check(lines).get("e-handshakes").verdict());
    }

    @Test
    void aRatioMeasuredWhileParleysJitWasCompilingProvesOnlyWhatItMeets() {
        List<String> missed = List.of(
                line("e", "node", 1, Map.of("handshakesPerS", 1700.0)),
                line("e", "parley", 1, Map.of("handshakesPerS", 780.0, "serverJitCpuPct", 48.0)));
        TargetCheck.Row row = check(missed).get("e-handshakes");
        assertEquals(Verdict.INCONCLUSIVE, row.verdict());
        assertTrue(row.note().contains("1 of Parley's runs measured while its JIT compilers"), row.note());
        List<String> met = List.of(
                line("e", "node", 1, Map.of("handshakesPerS", 1700.0)),
                line("e", "parley", 1, Map.of("handshakesPerS", 4700.0, "serverJitCpuPct", 12.0)));
        assertEquals(Verdict.MET, check(met).get("e-handshakes").verdict());
        List<String> warm = List.of(
                line("e", "node", 1, Map.of("handshakesPerS", 1700.0)),
                line("e", "parley", 1, Map.of("handshakesPerS", 780.0, "serverJitCpuPct", 0.2)));
        assertEquals(Verdict.NOT_MET, check(warm).get("e-handshakes").verdict());
    }

    @Test
    void idleConnectionsAreMeasuredOnAFreshServerSoItsCompilingDoesNotExcuseAMiss() {
        List<String> lines = List.of(
                line("d", "node", 1, Map.of("serverRssBytesPerConnection", 15_750.0)),
                line("d", "parley", 1, Map.of("serverRssBytesPerConnection", 18_214.0, "serverJitCpuPct", 46.0)));
        TargetCheck.Row row = check(lines).get("d-rss");
        assertEquals(Verdict.NOT_MET, row.verdict());
        assertFalse(row.note().contains("JIT"), row.note());
    }

    @Test
    void anyLostOrReorderedDeliveryFailsTheIntegrityTarget() {
        Map<String, Object> clean = Map.of("missing", 0, "duplicated", 0, "outOfOrder", 0, "misrouted", 0);
        assertEquals(Verdict.MET, check(List.of(line("c", "parley", 1, clean), line("c-sat", "parley", 1, clean)))
                .get("c-integrity").verdict());
        Map<String, Object> reordered = Map.of("missing", 0, "duplicated", 0, "outOfOrder", 2, "misrouted", 0);
        TargetCheck.Row row = check(List.of(line("c", "parley", 1, clean), line("c-sat", "parley", 1, reordered)))
                .get("c-integrity");
        assertEquals(Verdict.NOT_MET, row.verdict());
        assertEquals(2.0, row.value());
        // a run that delivered nothing is excluded from the figures but not from the integrity count
        Map<String, Object> nothing = Map.of("mode", "chat", "expected", 1000, "delivered", 0, "missing", 1000,
                "duplicated", 0, "outOfOrder", 0, "misrouted", 0);
        TargetCheck.Row lost = check(List.of(line("c", "parley", 1, nothing))).get("c-integrity");
        assertEquals(Verdict.NOT_MET, lost.verdict());
        assertEquals(1000.0, lost.value());
    }

    @Test
    void refusedSendsAreNotedButADeliveryOfOneFailsTheIntegrityTarget() {
        Map<String, Object> refused = Map.of("missing", 0, "duplicated", 0, "outOfOrder", 0, "misrouted", 0,
                "refusedSends", 123, "deliveredOfRefused", 0);
        TargetCheck.Row row = check(List.of(line("c", "parley", 1, refused))).get("c-integrity");
        assertEquals(Verdict.MET, row.verdict());
        assertTrue(row.note().contains("123 sends refused"), row.note());
        Map<String, Object> leaked = Map.of("missing", 0, "duplicated", 0, "outOfOrder", 0, "misrouted", 0,
                "refusedSends", 123, "deliveredOfRefused", 4);
        TargetCheck.Row bad = check(List.of(line("c", "parley", 1, leaked))).get("c-integrity");
        assertEquals(Verdict.NOT_MET, bad.verdict());
        assertEquals(4.0, bad.value());
    }

    @Test
    void sendToRowLatencyNeedsEveryMessageAccepted() {
        Map<String, TargetCheck.Row> ok = check(List.of(line("f", "parley", 1, Map.of("persistedPerS", 61_000.0,
                "backlogPerS", 70_000.0, "backlogS", 2.5, "e2eRowP99Ms", 120.0, "e2eRate", 5000, "e2eAckErrors", 0,
                "e2eRowsMissing", 0))));
        assertEquals(Verdict.MET, ok.get("f-throughput").verdict());
        assertEquals(Verdict.MET, ok.get("f-latency").verdict());
        TargetCheck.Row refused = check(List.of(line("f", "parley", 1, Map.of("persistedPerS", 6_000.0,
                "e2eRowP99Ms", 120.0, "e2eRate", 5000, "e2eAckErrors", 40, "e2eRowsMissing", 0)))).get("f-latency");
        assertEquals(Verdict.NOT_MET, refused.verdict());
        assertTrue(refused.note().contains("40 sends refused"), refused.note());
    }

    @Test
    void thePersistersRateIsTheBacklogsWithTheConcurrentRateBesideIt() {
        TargetCheck.Row met = check(List.of(
                line("f", "parley", 1, Map.of("persistedPerS", 44_000.0, "backlogPerS", 56_000.0, "backlogS", 2.4)),
                line("f", "parley", 2, Map.of("persistedPerS", 47_000.0, "backlogPerS", 52_000.0, "backlogS", 2.9)),
                line("f", "parley", 3, Map.of("persistedPerS", 40_000.0, "backlogPerS", 49_000.0, "backlogS", 3.1))))
                .get("f-throughput");
        assertEquals(Verdict.MET, met.verdict());
        assertEquals(52_000.0, met.value());
        assertTrue(met.note().contains("with the producer on the same cores (first send to last row): 44 000"), met.note());

        TargetCheck.Row below = check(List.of(line("f", "parley", 1, Map.of("persistedPerS", 61_000.0,
                "backlogPerS", 45_000.0, "backlogS", 2.0)))).get("f-throughput");
        assertEquals(Verdict.NOT_MET, below.verdict(), "the concurrent rate does not decide");

        TargetCheck.Row quick = check(List.of(line("f", "parley", 1, Map.of("persistedPerS", 40_000.0,
                "backlogPerS", 90_000.0, "backlogS", 0.4)))).get("f-throughput");
        assertEquals(Verdict.INCONCLUSIVE, quick.verdict());
        assertTrue(quick.note().contains("1 run(s) stored their backlog in less than 1.0 s"), quick.note());

        TargetCheck.Row old = check(List.of(line("f", "parley", 1, Map.of("persistedPerS", 61_000.0))))
                .get("f-throughput");
        assertEquals(Verdict.NOT_MEASURED, old.verdict(), "a run without the backlog's rate measured nothing for it");
    }

    @Test
    void aSendToRowFigureMeasuredWhileTheEdgesJitWasCompilingIsInconclusiveAndTheColdStartIsSaid() {
        TargetCheck.Row warm = check(List.of(line("f", "parley", 1, Map.of("persistedPerS", 6_000.0,
                "e2eRowP99Ms", 60.0, "e2eRate", 5000, "e2eAckErrors", 0, "e2eRowsMissing", 0, "e2eJitSettled", true,
                "e2eEdgeJitCpuPct", 1.0, "e2eWarmupMessages", 375_000, "e2eWarmupRefused", 73_342)))).get("f-latency");
        assertEquals(Verdict.MET, warm.verdict());
        assertTrue(warm.note().contains("it refused 73 342 of 375 000 sends"), warm.note());
        TargetCheck.Row cold = check(List.of(line("f", "parley", 1, Map.of("persistedPerS", 6_000.0,
                "e2eRowP99Ms", 60.0, "e2eRate", 5000, "e2eAckErrors", 0, "e2eRowsMissing", 0, "e2eJitSettled", false,
                "e2eEdgeJitCpuPct", 30.0)))).get("f-latency");
        assertEquals(Verdict.INCONCLUSIVE, cold.verdict());
        assertTrue(cold.note().contains("1 run(s) measured while the edge's or the persister's JIT was still compiling"), cold.note());
    }

    @Test
    void fiftyThousandConnectionsRefusedByTheMachineIsNotMeasuredWithTheReason() {
        String failed = new JsonObject().put("scenario", "d50k").put("server", "parley").put("round", 1)
                .put("runId", "x").put("runFailed", true).put("ok", false)
                .put("reason", "50000 connections need an open-file limit of at least 51000").encode();
        TargetCheck.Row row = check(List.of(failed)).get("d-50k");
        assertEquals(Verdict.NOT_MEASURED, row.verdict());
        assertTrue(row.note().contains("open-file limit"));
        TargetCheck.Row held = check(List.of(line("d50k", "parley", 1, Map.of("connected", 50_000,
                "connectFailed", 0, "unexpectedCloses", 0)))).get("d-50k");
        assertEquals(Verdict.MET, held.verdict());
        TargetCheck.Row fewer = check(List.of(line("d50k", "parley", 1, Map.of("clients", 18_000, "connected", 18_000,
                "connectFailed", 0, "unexpectedCloses", 0)))).get("d-50k");
        assertEquals(Verdict.INCONCLUSIVE, fewer.verdict());
        assertTrue(fewer.note().contains("only 18 000"), fewer.note());
        TargetCheck.Row dropped = check(List.of(line("d50k", "parley", 1, Map.of("clients", 50_000,
                "connected", 50_000, "connectFailed", 0, "unexpectedCloses", 12)))).get("d-50k");
        assertEquals(Verdict.NOT_MET, dropped.verdict());
    }
}
