package io.parley.bench.report;

import static io.parley.bench.report.Scenarios.NETTY;
import static io.parley.bench.report.Scenarios.NODE;
import static io.parley.bench.report.Scenarios.PARLEY;

import java.awt.Color;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.parley.bench.report.Scenarios.Figure;
import io.parley.bench.report.Scenarios.Scenario;

/**
 * Renders docs/performance.md and its PNG charts from bench/results/results.jsonl.
 *
 * <pre>
 * java -jar bench/report/target/report.jar [--results bench/results/results.jsonl] [--out docs/performance.md]
 *      [--images docs/img] [--repo .] [--run-id ID[,ID...] | --all]
 * </pre>
 *
 * Without --run-id/--all: for every scenario, the runs of the latest suite run id that measured it. Blocks
 * between {@code <!-- manual:NAME:begin -->} and {@code <!-- manual:NAME:end -->} of an existing output file are
 * kept (the lead's "What each fix bought" and closing note).
 */
public final class ReportCli {

    static final List<BarChart.Series> SERIES = List.of(new BarChart.Series(NODE, new Color(0x3c, 0x87, 0x3a)),
            new BarChart.Series(NETTY, new Color(0xe0, 0x8a, 0x1e)), new BarChart.Series(PARLEY, new Color(0x2b, 0x5d, 0xb8)));

    private static final Pattern MANUAL = Pattern.compile(
            "<!-- manual:([a-z0-9-]+):begin -->\\n?(.*?)<!-- manual:\\1:end -->", Pattern.DOTALL);

    private ReportCli() {
    }

    public static void main(String[] args) throws IOException {
        Path results = Path.of("bench/results/results.jsonl");
        Path out = Path.of("docs/performance.md");
        Path images = Path.of("docs/img");
        Path repo = Path.of(".");
        List<String> runIds = null;
        boolean all = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--results" -> results = Path.of(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--images" -> images = Path.of(args[++i]);
                case "--repo" -> repo = Path.of(args[++i]);
                case "--run-id" -> runIds = Arrays.asList(args[++i].split(","));
                case "--all" -> all = true;
                default -> {
                    System.err.println("usage: report.jar [--results FILE] [--out FILE.md] [--images DIR] [--repo DIR] "
                            + "[--run-id ID[,ID...] | --all]");
                    System.exit(64);
                }
            }
        }
        ResultSet read = ResultSet.read(results);
        ResultSet rs = all ? read : runIds != null ? read.withRunIds(runIds) : read.latestPerScenario();
        String selection = all ? "every line of results.jsonl" : runIds != null ? "the given run id(s)"
                : "for each scenario, the latest suite run that measured it";

        Map<String, String> charts = writeCharts(rs, images, out.toAbsolutePath().getParent());
        String existing = Files.exists(out) ? Files.readString(out, StandardCharsets.UTF_8) : "";
        String md = render(rs, selection, MachineFacts.collect(repo), charts, manualBlocks(existing));
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, md, StandardCharsets.UTF_8);

        System.out.println("wrote " + out + " (" + rs.runs().size() + " runs, " + rs.failedRuns().size() + " failed; "
                + selection + ") and " + charts.size() + " chart(s) in " + images);
        for (TargetCheck.Row row : TargetCheck.evaluate(rs)) {
            System.out.printf("  %-13s %-13s %s%n", row.target().id(), row.verdict().text(),
                    row.target().ratio() ? row.target().valueText(row.value()) : row.measured());
        }
    }

    /** NAME -> content of every manual block of an earlier report. */
    static Map<String, String> manualBlocks(String existing) {
        Map<String, String> blocks = new LinkedHashMap<>();
        Matcher m = MANUAL.matcher(existing);
        while (m.find()) {
            blocks.put(m.group(1), m.group(2));
        }
        return blocks;
    }

    private static String manual(Map<String, String> blocks, String name, String placeholder) {
        String content = blocks.getOrDefault(name, placeholder + "\n");
        if (!content.endsWith("\n")) {
            content += "\n";
        }
        return "<!-- manual:" + name + ":begin -->\n" + content + "<!-- manual:" + name + ":end -->\n";
    }

    /** Chart file name -> alt text, for the charts that have data. */
    static Map<String, String> writeCharts(ResultSet rs, Path images, Path mdDir) throws IOException {
        Map<String, String> written = new LinkedHashMap<>();
        List<ChartSpec> specs = List.of(
                new ChartSpec("perf-deliveries.png", "Deliveries per second", "deliveries/s",
                        List.of(cat("a", "(a) 100k offered", "deliveriesPerS"), cat("b", "(b) saturation", "deliveriesPerS"),
                                cat("c", "(c) 2 nodes, 100k offered", "deliveriesPerS"),
                                cat("c-sat", "(c) 2 nodes, saturation", "deliveriesPerS"))),
                new ChartSpec("perf-latency.png", "Send-to-receipt latency (lower is better)", "ms",
                        List.of(cat("a", "(a) p50", "latencyP50Ms"), cat("a", "(a) p99", "latencyP99Ms"),
                                cat("c", "(c) p50", "latencyP50Ms"), cat("c", "(c) p99", "latencyP99Ms"))),
                new ChartSpec("perf-cpu.png", "Server CPU at 100k deliveries/s offered (lower is better)",
                        "% of one core", List.of(cat("a", "(a) one node", "serverCpuPct"),
                                cat("c", "(c) two nodes + Redis", "serverCpuPct"))),
                new ChartSpec("perf-rss.png", "RSS per idle connection (lower is better)", "KiB per connection",
                        List.of(cat("d", "(d) idle connections", "rssKibPerConnection"),
                                cat("d50k", "(d50k) 50 000 idle", "rssKibPerConnection"))),
                new ChartSpec("perf-handshakes.png", "Handshakes per second", "handshakes/s",
                        List.of(cat("e", "(e) connection storm", "handshakesPerS"),
                                cat("d", "(d) connecting the idle clients", "handshakesPerS"))));
        for (ChartSpec spec : specs) {
            BarChart chart = new BarChart(spec.title, spec.yLabel, SERIES);
            for (String[] c : spec.categories) {
                Map<String, Summary> bySeries = new LinkedHashMap<>();
                for (BarChart.Series s : SERIES) {
                    if (Scenarios.byId(c[0]).servers().contains(s.name())) {
                        bySeries.put(s.name(), rs.summary(c[0], s.name(), c[2]));
                    }
                }
                chart.category(c[1], bySeries);
            }
            if (chart.isEmpty()) {
                continue;
            }
            Path png = images.resolve(spec.file);
            chart.write(png);
            written.put(mdDir == null ? png.toString() : mdDir.relativize(png.toAbsolutePath()).toString(), spec.title);
        }
        return written;
    }

    private record ChartSpec(String file, String title, String yLabel, List<String[]> categories) {
    }

    private static String[] cat(String scenario, String label, String key) {
        return new String[] { scenario, label, key };
    }

    static String render(ResultSet rs, String selection, Map<String, String> facts, Map<String, String> charts,
            Map<String, String> manual) {
        StringBuilder md = new StringBuilder();
        md.append("# Performance\n\n");
        md.append("Parley's Socket.IO edge and persister measured against the reference servers of issue #8: the Node.js\n"
                + "Socket.IO server (with `@socket.io/redis-adapter` for two nodes) and a netty-socketio app, side by side\n"
                + "in one run on the same machine. **This file is generated** by `bench/suite.sh` (the renderer in\n"
                + "`bench/report`) from `bench/results/results.jsonl`; only the blocks marked *kept by the renderer* are\n"
                + "written by hand.\n\nRendered " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "; selection: " + selection
                + "; run id(s) " + (rs.runIds().isEmpty() ? "none" : String.join(", ", rs.runIds()))
                + "; Parley commit(s) measured: " + (rs.gitShas().isEmpty() ? "n/a" : String.join(", ", rs.gitShas()))
                + ".\n\n");

        md.append("## Targets\n\n");
        md.append("Ratios are Parley's median over the rounds divided by the Node server's median in the same run.\n\n");
        md.append("| target | required | measured | Parley / Node | verdict | note |\n|---|---|---|---|---|---|\n");
        for (TargetCheck.Row row : TargetCheck.evaluate(rs)) {
            Target t = row.target();
            md.append("| ").append(t.description()).append(" | ").append(t.thresholdText()).append(" | ")
                    .append(row.measured()).append(" | ").append(t.ratio() ? Figures.ratio(row.value()) : "–")
                    .append(" | **").append(row.verdict().text()).append("** | ").append(cell(row.note())).append(" |\n");
        }
        md.append('\n');

        md.append("## Results\n\n");
        md.append("Each cell: median over the rounds (min–max). *runs* counts runs with figures / failed runs; "
                + "*disturbed* counts runs during which other processes used more than a quarter of a core, *loadgen "
                + "sat.* runs where the load generator used more than 85 % of its core (its figure is then a floor).\n\n");
        for (Scenario s : Scenarios.ALL) {
            md.append("### ").append(s.title()).append("\n\n").append(s.note()).append("\n\n");
            if (!rs.has(s.id())) {
                md.append("Not measured.\n\n");
                continue;
            }
            md.append(runShape(rs, s.id())).append("\n\n");
            md.append("| server | runs | disturbed | loadgen sat.");
            for (Figure f : s.figures()) {
                md.append(" | ").append(f.title());
            }
            md.append(" |\n|---|---|---|---").append("|---".repeat(s.figures().size())).append("|\n");
            for (String server : s.servers()) {
                List<RunRecord> valid = rs.validRuns(s.id(), server);
                int failed = rs.runs(s.id(), server).size() - valid.size();
                md.append("| ").append(server).append(" | ").append(valid.size()).append(" / ").append(failed)
                        .append(" | ").append(valid.stream().filter(RunRecord::disturbed).count())
                        .append(" | ").append(valid.stream().filter(r -> r.flag("loadgenSaturated")).count());
                for (Figure f : s.figures()) {
                    md.append(" | ").append(valid.isEmpty() ? "not measured"
                            : Figures.summary(rs.summary(s.id(), server, f.key())));
                }
                md.append(" |\n");
            }
            for (String server : List.of(PARLEY, NETTY)) {
                if (!s.servers().contains(server) || !s.servers().contains(NODE)) {
                    continue;
                }
                md.append("| *").append(server).append(" / node* | | |");
                for (Figure f : s.figures()) {
                    md.append(" | ").append(Figures.ratio(Summary.ratio(rs.summary(s.id(), server, f.key()),
                            rs.summary(s.id(), NODE, f.key()))));
                }
                md.append(" |\n");
            }
            md.append('\n');
        }

        md.append("## Charts\n\n");
        if (charts.isEmpty()) {
            md.append("No data to chart.\n\n");
        }
        for (Map.Entry<String, String> c : charts.entrySet()) {
            md.append("![").append(c.getValue()).append("](").append(c.getKey()).append(")\n\n");
        }

        List<RunRecord> failed = rs.failedRuns();
        md.append("## Failed runs\n\n");
        if (failed.isEmpty()) {
            md.append("None.\n\n");
        } else {
            md.append("| scenario | server | round | run id | reason |\n|---|---|---|---|---|\n");
            for (RunRecord r : failed) {
                md.append("| ").append(r.scenario()).append(" | ").append(r.server()).append(" | ").append(r.round())
                        .append(" | ").append(r.runId()).append(" | ").append(cell(r.reason())).append(" |\n");
            }
            md.append('\n');
        }

        md.append("## Machine and versions\n\n| | |\n|---|---|\n");
        for (Map.Entry<String, String> f : facts.entrySet()) {
            md.append("| ").append(f.getKey()).append(" | ").append(MachineFacts.cell(f.getValue())).append(" |\n");
        }
        md.append("\n").append(pinning(rs)).append(" JVM heaps: Parley edge `")
                .append(recorded(rs, "parleyHeap", "-Xmx512m -Xmn16m")).append("` (BENCH_PARLEY_HEAP, BENCH_PARLEY_YOUNG; "
                        + "pinned to one core the JVM runs the serial collector; in (f) BENCH_F_APP_HEAP, `-Xmx` "
                        + "with `-XX:+UseSerialGC`), netty-socketio `-Xms1g -Xmx1g`, load generator `-Xms2g -Xmx2g "
                        + "-XX:+AlwaysPreTouch`. RSS per connection in (d) is measured on a freshly started server each "
                        + "round.\n\n");

        md.append("## How to run\n\n```sh\n"
                + "(cd bench && mvn -B package) && (cd bench/node-server && npm ci)\n"
                + "./mvnw -B -q -pl chat-events,chat-edge,chat-persister package -DskipTests\n"
                + "bench/suite.sh all            # a b c c-sat d e f, 3 rounds each, then this report (~75 min)\n"
                + "bench/suite.sh a 5            # one scenario, 5 rounds (a|b|c|c-sat|d|d50k|e|f)\n"
                + "BENCH_D50K=1 bench/suite.sh all   # also 50 000 idle connections on one Parley node\n"
                + "bench/suite.sh report         # re-render this file (latest run per scenario; or a run id, or all)\n"
                + "```\n\nDurations: BENCH_DURATION (10s) after BENCH_WARMUP (60s) per run of a and b, BENCH_CLUSTER_WARMUP (90s) in c and c-sat, "
                + "BENCH_STORM_WARMUP (90s) of storm in e; (f) warms up until the JIT compilers of the persister and the edge have settled; see bench/README.md for every "
                + "knob.\n\n");

        md.append("## What each fix bought\n\n*Kept by the renderer: written by hand.*\n\n");
        md.append(manual(manual, "fixes", "To be written: each bottleneck found with the profiler, the fix, and the "
                + "figures before and after it."));
        md.append("\n## Closing note\n\n*Kept by the renderer: written by hand.*\n\n");
        md.append(manual(manual, "notes", "To be written: the targets not met, what limits them, and what would."));
        return md.toString();
    }

    /** The cores recorded in the result lines, e.g. "Pinning (taskset): servers on core 1, load generator on core 0." */
    static String pinning(ResultSet rs) {
        String server = recorded(rs, "serverCore", "?");
        String loadgen = recorded(rs, "loadgenCore", "?");
        return "Pinning (`taskset`, as recorded in the result lines): servers (both nodes and Redis in (c)) on core "
                + server + ", the load generator on core " + loadgen + "; (f) is not pinned.";
    }

    /** The distinct values of a field over the runs, comma-separated; the fallback when no run has it. */
    static String recorded(ResultSet rs, String key, String fallback) {
        Set<String> values = new TreeSet<>();
        for (RunRecord r : rs.runs()) {
            Object v = r.json().getValue(key);
            if (v != null) {
                values.add(v instanceof Number n ? Figures.fmt(n.doubleValue()) : v.toString());
            }
        }
        return values.isEmpty() ? fallback : String.join(", ", values);
    }

    /** The rounds and the measured durations of a scenario's runs, e.g. "Rounds: 3; measured 10 s after 5 s". */
    static String runShape(ResultSet rs, String scenario) {
        Set<String> shapes = new TreeSet<>();
        Set<Integer> rounds = new TreeSet<>();
        for (RunRecord r : rs.runs()) {
            if (!r.scenario().equals(scenario)) {
                continue;
            }
            rounds.add(r.round());
            double d = r.number("durationS");
            double w = r.number("warmupS");
            double hold = r.number("holdS");
            if (!Double.isNaN(d)) {
                shapes.add("measured " + Figures.fmt(d) + " s" + (Double.isNaN(w) ? "" : " after " + Figures.fmt(w)
                        + " s warm-up"));
            } else if (!Double.isNaN(hold)) {
                shapes.add("held idle " + Figures.fmt(hold) + " s");
            } else if (!Double.isNaN(r.number("e2eSeconds"))) {
                shapes.add(Figures.fmt(r.number("persisterLatencyRate")) + " msg/s into Kafka, "
                        + Figures.fmt(r.number("e2eRate")) + " msg/s through the edge for "
                        + Figures.fmt(r.number("e2eSeconds")) + " s");
            }
        }
        return "Rounds: " + rounds.size() + (shapes.isEmpty() ? "" : "; " + String.join(", ", shapes)) + ".";
    }

    private static String cell(String s) {
        return s == null ? "" : s.replace("|", "\\|").replace("\n", " ");
    }

}
