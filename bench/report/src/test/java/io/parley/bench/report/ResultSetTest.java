package io.parley.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class ResultSetTest {

    private static final List<String> LINES = List.of(
            "{\"scenario\":\"a\",\"server\":\"node\",\"round\":1,\"runId\":\"20261129T100000Z\",\"ok\":true,\"deliveriesPerS\":1}",
            "{\"scenario\":\"a\",\"server\":\"node\",\"round\":1,\"runId\":\"20261129T110000Z\",\"ok\":true,\"deliveriesPerS\":2}",
            "{\"scenario\":\"b\",\"server\":\"node\",\"round\":1,\"runId\":\"20261129T100000Z\",\"ok\":true,\"deliveriesPerS\":3}",
            "{\"label\":\"scenario-a/parley\",\"ok\":true,\"deliveriesPerS\":4}",
            "not json",
            "{\"label\":\"something else\"}",
            "");

    @Test
    void readsTaggedLinesAndOldLinesByTheirLabel() {
        ResultSet rs = ResultSet.of(LINES);
        assertEquals(4, rs.runs().size());
        assertEquals(2, rs.unreadableLines());
        assertEquals(4.0, rs.summary("a", "parley", "deliveriesPerS").median());
    }

    @Test
    void latestRunPerScenario() {
        ResultSet latest = ResultSet.of(LINES).latestPerScenario();
        assertEquals(2.0, latest.summary("a", "node", "deliveriesPerS").median());
        assertEquals(3.0, latest.summary("b", "node", "deliveriesPerS").median());
        assertTrue(latest.runs("a", "parley").isEmpty(), "lines without a run id are left out");
        assertEquals(Set.of("20261129T100000Z", "20261129T110000Z"), latest.runIds());
    }

    @Test
    void selectedRunIds() {
        ResultSet one = ResultSet.of(LINES).withRunIds(List.of("20261129T100000Z"));
        assertEquals(1.0, one.summary("a", "node", "deliveriesPerS").median());
        assertEquals(2, one.runs().size());
    }

    @Test
    void theStormsFailedHandshakeCountIsAFigureNotAFailedRun() {
        RunRecord storm = RunRecord.parse("{\"scenario\":\"e\",\"server\":\"node\",\"ok\":true,\"failed\":12}");
        assertTrue(!storm.failed());
        assertEquals(12.0, storm.number("failed"));
        assertTrue(RunRecord.parse("{\"scenario\":\"e\",\"server\":\"node\",\"runFailed\":true}").failed());
    }

    @Test
    void aChatRunThatDeliveredNothingIsFailedAndAnEmptyHistogramHasNoPercentiles() {
        RunRecord r = RunRecord.parse("{\"mode\":\"chat\",\"scenario\":\"a\",\"server\":\"parley\",\"ok\":true,"
                + "\"expected\":1000,\"delivered\":0,\"latencyP99Ms\":0,\"latencyCount\":0}");
        assertTrue(r.failed());
        assertEquals("nothing delivered of 1000 expected deliveries", r.reason());
        assertTrue(Double.isNaN(r.number("latencyP99Ms")));
    }

    @Test
    void derivedFigures() {
        RunRecord r = RunRecord.parse("{\"scenario\":\"d\",\"server\":\"node\",\"serverRssBytesPerConnection\":17920,"
                + "\"missing\":1,\"duplicated\":2,\"outOfOrder\":3}");
        assertEquals(17.5, r.number("rssKibPerConnection"));
        assertEquals(6.0, r.number("deliveryErrors"));
        assertTrue(Double.isNaN(r.number("absent")));
    }
}
