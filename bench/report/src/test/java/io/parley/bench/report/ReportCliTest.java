package io.parley.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportCliTest {

    @TempDir
    Path dir;

    private static final List<String> LINES = List.of(
            "{\"scenario\":\"a\",\"server\":\"node\",\"round\":1,\"runId\":\"r1\",\"ok\":true,\"deliveriesPerS\":99000,\"latencyP99Ms\":40,\"serverCpuPct\":100}",
            "{\"scenario\":\"a\",\"server\":\"parley\",\"round\":1,\"runId\":\"r1\",\"ok\":true,\"deliveriesPerS\":100000,\"latencyP99Ms\":4,\"serverCpuPct\":50}",
            "{\"scenario\":\"e\",\"server\":\"netty-socketio\",\"round\":1,\"runId\":\"r1\",\"ok\":false,\"runFailed\":true,\"reason\":\"port 7101 is already in use\"}");

    @Test
    void manualBlocksSurviveARerender() {
        String earlier = "x\n<!-- manual:fixes:begin -->\nBatching writes: 2x.\n<!-- manual:fixes:end -->\ny";
        Map<String, String> blocks = ReportCli.manualBlocks(earlier);
        assertEquals("Batching writes: 2x.\n", blocks.get("fixes"));
        String md = ReportCli.render(ResultSet.of(LINES), "test", Map.of("CPU", "test"), Map.of(), blocks);
        assertTrue(md.contains("<!-- manual:fixes:begin -->\nBatching writes: 2x.\n<!-- manual:fixes:end -->"));
        assertTrue(md.contains("<!-- manual:notes:begin -->"), "an absent block gets its placeholder");
        assertEquals(blocks, ReportCli.manualBlocks(md).entrySet().stream().filter(e -> e.getKey().equals("fixes"))
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
    }

    @Test
    void rendersTargetsResultsAndFailures() {
        String md = ReportCli.render(ResultSet.of(LINES), "test", Map.of("CPU", "test"), Map.of(), Map.of());
        assertTrue(md.contains("| 0.10x | **met** |"), md);
        assertTrue(md.contains("| 0.50x | **met** |"), md);
        assertTrue(md.contains("### (b) one node, closed loop to saturation\n\n(a)'s topology; every publisher keeps "
                + "BENCH_WINDOW (4) sends in flight.\n\nNot measured."), md);
        assertTrue(md.contains("| e | netty-socketio | 1 | r1 | port 7101 is already in use |"), md);
        assertTrue(md.contains("**not measured**"));
    }

    @Test
    void chartsArePngsForScenariosWithData() throws Exception {
        Map<String, String> charts = ReportCli.writeCharts(ResultSet.of(LINES), dir.resolve("img"), dir);
        assertTrue(charts.containsKey("img/perf-deliveries.png"), charts.toString());
        assertTrue(charts.containsKey("img/perf-latency.png"));
        assertTrue(!charts.containsKey("img/perf-rss.png"), "no data for (d): no chart");
        BufferedImage img = ImageIO.read(dir.resolve("img/perf-deliveries.png").toFile());
        assertEquals(960, img.getWidth());
        assertTrue(Files.size(dir.resolve("img/perf-deliveries.png")) > 1000);
    }

    @Test
    void niceAxisMaximum() {
        assertEquals(1.0, BarChart.niceMax(0));
        assertEquals(200_000.0, BarChart.niceMax(123_000));
        assertEquals(250.0, BarChart.niceMax(201));
        assertEquals(50.0, BarChart.niceMax(50));
    }
}
