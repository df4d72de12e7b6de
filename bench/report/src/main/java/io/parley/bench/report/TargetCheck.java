package io.parley.bench.report;

import static io.parley.bench.report.Scenarios.NODE;
import static io.parley.bench.report.Scenarios.PARLEY;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.parley.bench.report.Target.Comparison;

/** The targets of issue #8 and their verdicts on a result set. */
public final class TargetCheck {

    /** A target with what was measured and the verdict. */
    public record Row(Target target, double value, String measured, Verdict verdict, String note) {
    }

    public static final List<Target> TARGETS = List.of(
            new Target("a-p99", "a", "(a) at 100k deliveries/s offered: p99 latency at most 0.2x the reference's",
                    Comparison.AT_MOST, 0.2, true, ""),
            new Target("a-cpu", "a", "(a) at 100k deliveries/s offered: server CPU at most 0.6x the reference's",
                    Comparison.AT_MOST, 0.6, true, ""),
            new Target("b-deliveries", "b", "(b) saturation deliveries/s at least 3x the reference's, the load "
                    + "generator shown not to be the limit", Comparison.AT_LEAST, 3, true, ""),
            new Target("c-deliveries", "c-sat", "(c) two-node cluster deliveries/s at least 3x the reference "
                    + "cluster's (closed loop: c-sat)", Comparison.AT_LEAST, 3, true, ""),
            new Target("c-p99", "c", "(c) two-node p99 at most 0.5x the reference cluster's (at (a)'s offered load)",
                    Comparison.AT_MOST, 0.5, true, ""),
            new Target("c-integrity", "c", "(c) no delivery missing, duplicated or out of order (Parley, c and c-sat)",
                    Comparison.EQUAL, 0, false, "deliveries"),
            new Target("d-rss", "d", "(d) RSS per idle connection at most 0.5x the reference's",
                    Comparison.AT_MOST, 0.5, true, ""),
            new Target("d-50k", "d50k", "(d) one Parley node holds 50 000 idle connections",
                    Comparison.AT_LEAST, 50_000, false, "connections"),
            new Target("e-handshakes", "e", "(e) handshakes per second at least 2x the reference's",
                    Comparison.AT_LEAST, 2, true, ""),
            new Target("f-throughput", "f", "(f) at least 50 000 messages per second persisted",
                    Comparison.AT_LEAST, 50_000, false, "msg/s"),
            new Target("f-latency", "f", "(f) send-to-row p99 under 250 ms at 5 000 messages per second",
                    Comparison.BELOW, 250, false, "ms"));

    private TargetCheck() {
    }

    public static List<Row> evaluate(ResultSet rs) {
        List<Row> rows = new ArrayList<>();
        for (Target t : TARGETS) {
            rows.add(switch (t.id()) {
                case "a-p99" -> ratio(rs, t, "latencyP99Ms", " ms", false, false);
                case "a-cpu" -> ratio(rs, t, "serverCpuPct", " % of a core", false, false);
                case "b-deliveries" -> ratio(rs, t, "deliveriesPerS", "/s", true, true);
                case "c-deliveries" -> ratio(rs, t, "deliveriesPerS", "/s", true, true);
                case "c-p99" -> ratio(rs, t, "latencyP99Ms", " ms", false, false);
                case "c-integrity" -> integrity(rs, t);
                case "d-rss" -> ratio(rs, t, "rssKibPerConnection", " KiB", false, false);
                case "d-50k" -> fiftyK(rs, t);
                case "e-handshakes" -> ratio(rs, t, "handshakesPerS", "/s", true, false);
                case "f-throughput" -> fThroughput(rs, t);
                case "f-latency" -> fLatency(rs, t);
                default -> throw new IllegalStateException(t.id());
            });
        }
        return rows;
    }

    /** Idle connections: issue #8 asks for each round on a freshly started server, whose JIT is busy by nature. */
    static final Set<String> FRESH_SERVER_SCENARIOS = Set.of("d", "d50k");

    /**
     * Parley's median / Node's median. When Parley's runs saturated the load generator the figure is a floor:
     * {@code strictPremise} (b, c-sat: the issue asks for the load generator shown not to be the limit) makes that
     * inconclusive; otherwise only a target the floor does not meet is inconclusive. Runs measured while Parley's
     * JIT compilers were busy are a floor in the same way, except in the scenarios that measure a freshly started
     * server by definition ({@link #FRESH_SERVER_SCENARIOS}), where the compiling is part of what is measured.
     */
    static Row ratio(ResultSet rs, Target t, String key, String unit, boolean loadgenMatters, boolean strictPremise) {
        Summary parley = rs.summary(t.scenario(), PARLEY, key);
        Summary node = rs.summary(t.scenario(), NODE, key);
        double r = Summary.ratio(parley, node);
        String measured = "Parley " + Figures.summary(parley, unit) + " / Node " + Figures.summary(node, unit);
        boolean saturated = loadgenMatters && rs.validRuns(t.scenario(), PARLEY).stream()
                .anyMatch(x -> x.flag("loadgenSaturated"));
        Verdict v = t.evaluate(r);
        String note = "";
        if (saturated && v != Verdict.NOT_MEASURED) {
            if (strictPremise || v == Verdict.NOT_MET) {
                v = Verdict.INCONCLUSIVE;
            }
            note = "the load generator saturated in Parley's runs: Parley's figure is a floor";
        }
        long cold = FRESH_SERVER_SCENARIOS.contains(t.scenario()) ? 0 : rs.validRuns(t.scenario(), PARLEY).stream()
                .filter(x -> x.number("serverJitCpuPct") > PersisterOutput.JIT_BUSY_PERCENT).count();
        if (cold > 0 && v != Verdict.NOT_MEASURED) {
            // a still-compiling JVM understates Parley: a target met anyway stands, one missed proves nothing
            v = v == Verdict.NOT_MET ? Verdict.INCONCLUSIVE : v;
            note = (note.isEmpty() ? "" : note + "; ") + cold + " of Parley's runs measured while its JIT compilers "
                    + "used more than " + (int) PersisterOutput.JIT_BUSY_PERCENT + " % of a core";
        }
        if (v == Verdict.NOT_MEASURED) {
            note = missing(rs, t.scenario(), parley, node);
        }
        double lost = rs.validRuns(t.scenario(), PARLEY).stream().mapToDouble(x -> x.number("deliveryErrors"))
                .filter(x -> !Double.isNaN(x)).sum();
        if (lost > 0 && v != Verdict.NOT_MEASURED) {
            v = Verdict.INCONCLUSIVE;
            note = (note.isEmpty() ? "" : note + "; ") + Figures.grouped((long) lost) + " deliveries missing, "
                    + "duplicated or out of order in Parley's runs: its figures count only what arrived";
        }
        return new Row(t, r, measured, v, note);
    }

    static Row absolute(ResultSet rs, Target t, String key, String unit) {
        Summary s = rs.summary(t.scenario(), PARLEY, key);
        Verdict v = t.evaluate(s.median());
        return new Row(t, s.median(), "Parley " + Figures.summary(s, unit), v,
                v == Verdict.NOT_MEASURED ? missing(rs, t.scenario(), s, null) : "");
    }

    static Row integrity(ResultSet rs, Target t) {
        double total = 0;
        double refused = 0;
        int runs = 0;
        for (String scenario : List.of("c", "c-sat")) {
            // every run with a ledger counts, also one that delivered nothing (all missing)
            for (RunRecord r : rs.runs(scenario, PARLEY)) {
                double e = r.number("deliveryErrors");
                if (!Double.isNaN(e)) {
                    total += e;
                    runs++;
                    double n = r.number("refusedSends");
                    refused += Double.isNaN(n) ? 0 : n;
                }
            }
        }
        if (runs == 0) {
            return new Row(t, Double.NaN, "n/a", Verdict.NOT_MEASURED, "no Parley run of c or c-sat");
        }
        String note = refused == 0 ? "" : Figures.grouped((long) refused) + " sends refused at once in the measured "
                + "windows (each sender got an error ack; a delivery of one would count as an error)";
        return new Row(t, total, Figures.grouped((long) total) + " over " + runs + " Parley run(s)", t.evaluate(total),
                note);
    }

    static Row fiftyK(ResultSet rs, Target t) {
        List<RunRecord> valid = rs.validRuns(t.scenario(), PARLEY);
        if (valid.isEmpty()) {
            String reason = rs.runs(t.scenario(), PARLEY).stream().filter(RunRecord::failed).map(RunRecord::reason)
                    .findFirst().orElse("not run (bench/suite.sh d50k)");
            return new Row(t, Double.NaN, "n/a", Verdict.NOT_MEASURED, reason);
        }
        double least = Double.MAX_VALUE;
        boolean clean = true;
        for (RunRecord r : valid) {
            least = Math.min(least, r.number("connected"));
            clean &= r.number("connectFailed") == 0 && !(r.number("unexpectedCloses") > 0);
        }
        double asked = valid.stream().mapToDouble(r -> r.number("clients")).filter(x -> !Double.isNaN(x)).min()
                .orElse(Double.NaN);
        Verdict v = t.evaluate(least);
        List<String> notes = new ArrayList<>();
        if (!clean) {
            v = Verdict.NOT_MET;
            notes.add("some connections failed or closed unexpectedly");
        }
        if (asked < t.threshold()) {
            // BENCH_CLIENTS below 50 000: the run shows what it held, not whether 50 000 fit
            v = v == Verdict.NOT_MET && clean ? Verdict.INCONCLUSIVE : v;
            notes.add("the run asked for only " + Figures.grouped((long) asked) + " connections (BENCH_CLIENTS)");
        }
        return new Row(t, least, "at least " + Figures.grouped((long) least) + " held in " + valid.size() + " run(s)", v,
                String.join("; ", notes));
    }

    /**
     * The persister's rate is the backlog's: the rows stored after the producer finished, with the load
     * generator off the two cores it shares with the persister, PostgreSQL and the broker. The rate with
     * the producer running (first send to last row) is said beside it.
     */
    static Row fThroughput(ResultSet rs, Target t) {
        Row row = absolute(rs, t, "backlogPerS", " msg/s");
        if (row.verdict() == Verdict.NOT_MEASURED) {
            return row;
        }
        List<String> notes = new ArrayList<>();
        Verdict v = row.verdict();
        long tooShort = rs.validRuns("f", PARLEY).stream()
                .filter(r -> r.number("backlogS") < PersisterOutput.MIN_BACKLOG_SECONDS).count();
        if (tooShort > 0) {
            v = v == Verdict.MET ? Verdict.INCONCLUSIVE : v;
            notes.add(tooShort + " run(s) stored their backlog in less than "
                    + PersisterOutput.MIN_BACKLOG_SECONDS + " s");
        }
        Summary concurrent = rs.summary("f", PARLEY, "persistedPerS");
        if (concurrent.measured()) {
            notes.add("with the producer on the same cores (first send to last row): "
                    + Figures.summary(concurrent, " msg/s"));
        }
        return new Row(t, row.value(), row.measured() + " storing the backlog left when the producer finished", v,
                String.join("; ", notes));
    }

    static Row fLatency(ResultSet rs, Target t) {
        Row row = absolute(rs, t, "e2eRowP99Ms", " ms");
        if (row.verdict() == Verdict.NOT_MEASURED) {
            return row;
        }
        List<RunRecord> valid = rs.validRuns("f", PARLEY);
        double refused = 0;
        double missing = 0;
        double warmupSent = 0;
        double warmupRefused = 0;
        int notWarm = 0;
        List<String> rates = new ArrayList<>();
        for (RunRecord r : valid) {
            refused += zeroIfNaN(r.number("e2eAckErrors"));
            missing += zeroIfNaN(r.number("e2eRowsMissing"));
            warmupSent += zeroIfNaN(r.number("e2eWarmupMessages"));
            warmupRefused += zeroIfNaN(r.number("e2eWarmupRefused"));
            if (Boolean.FALSE.equals(r.json().getValue("e2eJitSettled"))
                    || r.number("e2eEdgeJitCpuPct") > PersisterOutput.JIT_BUSY_PERCENT) {
                notWarm++;
            }
            double rate = r.number("e2eRate");
            if (!Double.isNaN(rate) && rate != 5000) {
                rates.add(Figures.grouped((long) rate));
            }
        }
        Verdict v = row.verdict();
        List<String> notes = new ArrayList<>();
        if (refused > 0 || missing > 0) {
            v = Verdict.NOT_MET;
            notes.add(Figures.grouped((long) refused) + " sends refused, " + Figures.grouped((long) missing)
                    + " acked but not stored over " + valid.size() + " run(s)");
        }
        if (!rates.isEmpty()) {
            v = v == Verdict.MET ? Verdict.INCONCLUSIVE : v;
            notes.add("measured at " + String.join(", ", rates) + " msg/s, not 5 000");
        }
        if (notWarm > 0) {
            v = v == Verdict.MET ? Verdict.INCONCLUSIVE : v;
            notes.add(notWarm + " run(s) measured while the edge's or the persister's JIT was still compiling");
        }
        if (warmupSent > 0) {
            // the steady state is the target; what a cold edge does is said beside it
            notes.add("while the edge warmed up (unmeasured) it refused " + Figures.grouped((long) warmupRefused)
                    + " of " + Figures.grouped((long) warmupSent) + " sends");
        }
        return new Row(t, row.value(), row.measured(), v, String.join("; ", notes));
    }

    private static double zeroIfNaN(double v) {
        return Double.isNaN(v) ? 0 : v;
    }

    private static String missing(ResultSet rs, String scenario, Summary parley, Summary node) {
        List<String> parts = new ArrayList<>();
        if (!parley.measured()) {
            parts.add(describe(rs, scenario, PARLEY));
        }
        if (node != null && !node.measured()) {
            parts.add(describe(rs, scenario, NODE));
        }
        return String.join("; ", parts);
    }

    private static String describe(ResultSet rs, String scenario, String server) {
        List<RunRecord> runs = rs.runs(scenario, server);
        if (runs.isEmpty()) {
            return "no " + server + " run of " + scenario;
        }
        return server + ": " + runs.size() + " run(s) of " + scenario + " failed (" + runs.get(0).reason() + ")";
    }
}
