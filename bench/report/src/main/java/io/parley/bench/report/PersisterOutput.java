package io.parley.bench.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Turns the printed output of the persister's benchmark programs (PersisterThroughput, EdgeToRowLatency in
 * chat-persister/src/test/java/io/parley/persister/bench) into one result line for results.jsonl (scenario f).
 * <p>
 * {@code java -cp report.jar io.parley.bench.report.PersisterOutput --throughput FILE --edge-to-row FILE
 * [--throughput-status N] [--edge-to-row-status N] [--rate N]} prints the JSON object.
 */
public final class PersisterOutput {

    private static final String NUM = "([0-9]+(?:\\.[0-9]+)?)";
    private static final Pattern PRODUCER = Pattern.compile("producer: " + NUM + " msg/s");
    private static final Pattern INTO_PG = Pattern.compile("into PostgreSQL: " + NUM + " msg/s");
    private static final Pattern CPU_PER_MESSAGE = Pattern.compile("cpu per message: persister (?:" + NUM
            + " us|unknown[^,]*), whole machine " + NUM + " us");
    private static final Pattern BACKLOG = Pattern.compile("backlog: " + NUM + " msg/s \\(([0-9]+) rows stored in the "
            + NUM + " s after the producer finished\\); cpu per message: persister (?:" + NUM
            + " us|unknown), whole machine " + NUM + " us");
    private static final Pattern LAT_HEADER = Pattern.compile("latency at ([0-9]+) msg/s, ([0-9]+) messages");
    private static final Pattern PERCENTILES = Pattern.compile("p50 " + NUM + " ms, p90 " + NUM + " ms, p99 " + NUM
            + " ms, p99\\.9 " + NUM + " ms, max " + NUM + " ms");
    private static final Pattern E2E_HEADER = Pattern.compile("([0-9]+) messages of [0-9]+ chars, ([0-9]+) sockets.*"
            + "offered ([0-9]+) msg/s for ([0-9]+) s");
    private static final Pattern SENT = Pattern.compile("sent at " + NUM + " msg/s; acks: ([0-9]+) ok, errors (\\{.*?\\})");
    private static final Pattern ERROR_COUNT = Pattern.compile("=([0-9]+)(?=[,}])");
    private static final Pattern STORED = Pattern.compile("persister: ([0-9]+) rows stored, ([0-9]+) acked but missing; "
            + NUM + " rows/s");
    private static final Pattern CPU = Pattern.compile("cpu: load generator " + NUM + "% of a core, edge (?:" + NUM
            + "% of a core(?: \\(JIT compilers " + NUM + "%\\))?|unknown)");
    private static final Pattern WARMUP = Pattern.compile("warm-up: ([0-9]+) s \\(([^)]*)\\), ([0-9]+) messages at [0-9]+ "
            + "msg/s, ([0-9]+) acked ok, ([0-9]+) refused");
    private static final Pattern TPUT_WARMUP = Pattern.compile("warm-up: ([0-9]+) rounds of ([0-9]+) messages, ([0-9]+) s "
            + "\\(([^)]*)\\)");
    /** Below this many seconds from the producer's end to the last row, the backlog's rate is not a measurement. */
    static final double MIN_BACKLOG_SECONDS = 1.0;
    /** Above this share of a core for the edge's JIT compilers while measuring, the edge was not warm. */
    static final double JIT_BUSY_PERCENT = 10;
    /** Above this share of its one event loop's core the load generator may have been the limit. */
    static final double LOADGEN_BUSY_PERCENT = 85;

    private PersisterOutput() {
    }

    public static void main(String[] args) throws IOException {
        String throughput = null;
        String edgeToRow = null;
        int tputStatus = 0;
        int e2eStatus = 0;
        int rate = 0;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--throughput" -> throughput = args[i + 1];
                case "--edge-to-row" -> edgeToRow = args[i + 1];
                case "--throughput-status" -> tputStatus = Integer.parseInt(args[i + 1]);
                case "--edge-to-row-status" -> e2eStatus = Integer.parseInt(args[i + 1]);
                case "--rate" -> rate = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        System.out.println(parse(read(throughput), read(edgeToRow), tputStatus, e2eStatus, rate).encode());
    }

    private static String read(String file) throws IOException {
        return file == null || !Files.exists(Path.of(file)) ? "" : Files.readString(Path.of(file), StandardCharsets.UTF_8);
    }

    /** The result line: every figure found, ok=false with the reasons when a program failed or printed none. */
    public static JsonObject parse(String throughputText, String edgeToRowText, int throughputStatus,
            int edgeToRowStatus, int rate) {
        JsonObject r = new JsonObject().put("mode", "persister").put("label", "scenario-f/parley");
        List<String> problems = new ArrayList<>();
        List<String> warnings = new ArrayList<>();

        Matcher m = PRODUCER.matcher(throughputText);
        if (m.find()) {
            r.put("producerPerS", Double.parseDouble(m.group(1)));
        }
        m = INTO_PG.matcher(throughputText);
        if (m.find()) {
            r.put("persistedPerS", Double.parseDouble(m.group(1)));
        } else {
            problems.add("PersisterThroughput printed no throughput");
        }
        m = CPU_PER_MESSAGE.matcher(throughputText);
        if (m.find()) {
            if (m.group(1) != null) {
                r.put("persisterCpuUsPerMsg", Double.parseDouble(m.group(1)));
            }
            r.put("machineCpuUsPerMsg", Double.parseDouble(m.group(2)));
        }
        m = BACKLOG.matcher(throughputText);
        if (m.find()) {
            r.put("backlogPerS", Double.parseDouble(m.group(1)));
            r.put("backlogRows", Long.parseLong(m.group(2)));
            r.put("backlogS", Double.parseDouble(m.group(3)));
            if (m.group(4) != null) {
                r.put("backlogPersisterCpuUsPerMsg", Double.parseDouble(m.group(4)));
            }
            r.put("backlogMachineCpuUsPerMsg", Double.parseDouble(m.group(5)));
            if (Double.parseDouble(m.group(3)) < MIN_BACKLOG_SECONDS) {
                warnings.add("the backlog was stored in " + m.group(3) + " s, too short a time to measure its rate");
            }
        } else if (r.containsKey("persistedPerS")) {
            problems.add("PersisterThroughput printed no backlog rate");
        }
        m = LAT_HEADER.matcher(throughputText);
        if (m.find()) {
            r.put("persisterLatencyRate", Integer.parseInt(m.group(1)));
            r.put("persisterLatencyMessages", Integer.parseInt(m.group(2)));
            Matcher p = PERCENTILES.matcher(throughputText.substring(m.end()));
            if (p.find()) {
                putPercentiles(r, "persisterRow", p);
            }
        }
        m = TPUT_WARMUP.matcher(throughputText);
        if (m.find()) {
            r.put("persisterWarmupS", Integer.parseInt(m.group(3)));
            r.put("persisterWarmupMessages", Long.parseLong(m.group(1)) * Long.parseLong(m.group(2)));
            if (m.group(4).contains("had not settled")) {
                r.put("persisterJitSettled", false);
                warnings.add("the persister's warm-up ended before its JIT settled (" + m.group(4) + ")");
            } else if (m.group(4).contains("settled")) {
                r.put("persisterJitSettled", true);
            }
        }
        if (throughputStatus != 0) {
            problems.add("PersisterThroughput exited with status " + throughputStatus);
        }

        m = E2E_HEADER.matcher(edgeToRowText);
        if (m.find()) {
            r.put("e2eMessages", Integer.parseInt(m.group(1)));
            r.put("e2eSockets", Integer.parseInt(m.group(2)));
            r.put("e2eRate", Integer.parseInt(m.group(3)));
            r.put("e2eSeconds", Integer.parseInt(m.group(4)));
        } else if (rate > 0) {
            r.put("e2eRate", rate);
        }
        m = SENT.matcher(edgeToRowText);
        if (m.find()) {
            r.put("e2eSentPerS", Double.parseDouble(m.group(1)));
            r.put("e2eAcksOk", Integer.parseInt(m.group(2)));
            String errors = m.group(3);
            long count = 0;
            Matcher c = ERROR_COUNT.matcher(errors);
            while (c.find()) {
                count += Long.parseLong(c.group(1));
            }
            r.put("e2eAckErrors", count);
            if (count > 0) {
                r.put("e2eAckErrorKinds", errors);
                warnings.add(count + " sends through the edge were refused: " + errors);
            }
        }
        int ack = edgeToRowText.indexOf("send -> ack");
        if (ack >= 0) {
            Matcher p = PERCENTILES.matcher(edgeToRowText.substring(ack));
            if (p.find() && lineOf(edgeToRowText, ack).contains(p.group())) {
                putPercentiles(r, "e2eAck", p);
            }
        }
        int row = edgeToRowText.indexOf("send -> row committed");
        if (row >= 0) {
            Matcher p = PERCENTILES.matcher(edgeToRowText.substring(row));
            if (p.find() && lineOf(edgeToRowText, row).contains(p.group())) {
                putPercentiles(r, "e2eRow", p);
            }
        }
        if (!r.containsKey("e2eRowP99Ms")) {
            problems.add("EdgeToRowLatency printed no send-to-row percentiles");
        }
        m = STORED.matcher(edgeToRowText);
        if (m.find()) {
            r.put("e2eRowsStored", Long.parseLong(m.group(1)));
            r.put("e2eRowsMissing", Long.parseLong(m.group(2)));
            r.put("e2eRowsPerS", Double.parseDouble(m.group(3)));
            if (Long.parseLong(m.group(2)) > 0) {
                warnings.add(m.group(2) + " acked messages were not stored");
            }
        }
        m = WARMUP.matcher(edgeToRowText);
        if (m.find()) {
            r.put("e2eWarmupS", Integer.parseInt(m.group(1)));
            r.put("e2eWarmupMessages", Long.parseLong(m.group(3)));
            r.put("e2eWarmupRefused", Long.parseLong(m.group(5)));
            if (m.group(2).contains("had not settled")) {
                r.put("e2eJitSettled", false);
                warnings.add("the send-to-row warm-up ended before the JIT settled (" + m.group(2) + ")");
            } else if (m.group(2).contains("settled")) {
                r.put("e2eJitSettled", true);
            }
        }
        m = CPU.matcher(edgeToRowText);
        if (m.find()) {
            double loadgen = Double.parseDouble(m.group(1));
            r.put("e2eLoadgenCpuPct", loadgen);
            if (m.group(2) != null) {
                r.put("e2eEdgeCpuPct", Double.parseDouble(m.group(2)));
            }
            if (m.group(3) != null) {
                double jit = Double.parseDouble(m.group(3));
                r.put("e2eEdgeJitCpuPct", jit);
                if (jit > JIT_BUSY_PERCENT) {
                    warnings.add("the edge's JIT compilers used " + m.group(3)
                            + "% of a core while measuring: the edge was not warm");
                }
            }
            if (loadgen > LOADGEN_BUSY_PERCENT) {
                warnings.add("the load generator used " + m.group(1) + "% of a core: it may have been the limit");
            }
        }
        if (edgeToRowStatus != 0) {
            problems.add("EdgeToRowLatency exited with status " + edgeToRowStatus
                    + " (some acks missing or acked messages not stored)");
        }
        r.put("throughputStatus", throughputStatus).put("edgeToRowStatus", edgeToRowStatus);
        boolean noFigures = !r.containsKey("persistedPerS") && !r.containsKey("e2eRowP99Ms");
        // figures of a program that failed half-way still count; the problems travel as warnings (and the
        // send-to-row target checks the refused and missing messages itself)
        r.put("ok", !noFigures);
        if (noFigures) {
            r.put("runFailed", true);
        }
        if (!problems.isEmpty()) {
            r.put("reason", String.join("; ", problems));
        }
        warnings.addAll(problems);
        r.put("warnings", new JsonArray(new ArrayList<>(warnings)));
        return r;
    }

    private static String lineOf(String text, int index) {
        int end = text.indexOf('\n', index);
        return text.substring(index, end < 0 ? text.length() : end);
    }

    private static void putPercentiles(JsonObject r, String prefix, Matcher p) {
        r.put(prefix + "P50Ms", Double.parseDouble(p.group(1)));
        r.put(prefix + "P90Ms", Double.parseDouble(p.group(2)));
        r.put(prefix + "P99Ms", Double.parseDouble(p.group(3)));
        r.put(prefix + "P999Ms", Double.parseDouble(p.group(4)));
        r.put(prefix + "MaxMs", Double.parseDouble(p.group(5)));
    }
}
