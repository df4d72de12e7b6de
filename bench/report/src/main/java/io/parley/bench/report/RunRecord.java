package io.parley.bench.report;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.vertx.core.json.JsonObject;

/**
 * One line of results.jsonl: a run of one scenario against one server (bench/run.sh, bench/persister.sh).
 * Lines written before the suite tagged them have no scenario/server fields: those are read from the label
 * ("scenario-a/parley").
 */
public final class RunRecord {

    private static final Pattern LABEL = Pattern.compile("scenario-([A-Za-z0-9-]+)/([A-Za-z0-9-]+)");

    private final JsonObject json;
    private final String scenario;
    private final String server;

    public RunRecord(JsonObject json) {
        this.json = json;
        String sc = json.getString("scenario");
        String sv = json.getString("server");
        if (sc == null || sv == null) {
            Matcher m = LABEL.matcher(json.getString("label", ""));
            if (m.matches()) {
                sc = sc == null ? m.group(1) : sc;
                sv = sv == null ? m.group(2) : sv;
            }
        }
        this.scenario = sc;
        this.server = sv;
    }

    public static RunRecord parse(String line) {
        return new RunRecord(new JsonObject(line));
    }

    public String scenario() {
        return scenario;
    }

    public String server() {
        return server;
    }

    /** The suite's run id; null for lines from before the suite. */
    public String runId() {
        return json.getString("runId");
    }

    public int round() {
        Object r = json.getValue("round");
        return r instanceof Number n ? n.intValue() : 0;
    }

    public String gitSha() {
        return json.getString("gitSha");
    }

    public String startedAt() {
        return json.getString("startedAt");
    }

    /** A run that produced no figures (failed line), or a load generator run that reports ok=false. */
    public boolean failed() {
        return Boolean.TRUE.equals(json.getValue("runFailed")) || Boolean.FALSE.equals(json.getValue("ok"))
                || nothingDelivered();
    }

    /** A chat run that expected deliveries and got none: its latency and rate figures mean nothing. */
    private boolean nothingDelivered() {
        return "chat".equals(json.getString("mode")) && raw("expected") > 0 && !(raw("delivered") > 0);
    }

    /** Why the run failed: its reason, else its warnings. */
    public String reason() {
        String reason = json.getString("reason");
        if (reason != null) {
            return reason;
        }
        if (nothingDelivered()) {
            return "nothing delivered of " + (long) raw("expected") + " expected deliveries";
        }
        var warnings = json.getJsonArray("warnings");
        return warnings == null || warnings.isEmpty() ? "ok=false without a reason" : String.join("; ",
                warnings.stream().map(String::valueOf).toList());
    }

    public boolean flag(String key) {
        return Boolean.TRUE.equals(json.getValue(key));
    }

    /** A numeric figure, or the derived ones (deliveryErrors, rssKibPerConnection); NaN when absent. */
    public double number(String key) {
        switch (key) {
            case "deliveryErrors" -> {
                double sum = 0;
                // misrouted and deliveredOfRefused came later: a record without them has none
                for (String k : new String[] { "missing", "duplicated", "outOfOrder", "misrouted", "deliveredOfRefused" }) {
                    double v = number(k);
                    if (Double.isNaN(v)) {
                        if (k.equals("misrouted") || k.equals("deliveredOfRefused")) {
                            continue;
                        }
                        return Double.NaN;
                    }
                    sum += v;
                }
                return sum;
            }
            case "rssKibPerConnection" -> {
                double b = number("serverRssBytesPerConnection");
                return Double.isNaN(b) ? b : b / 1024.0;
            }
            default -> {
                // percentiles of an empty histogram read 0: no samples is no figure
                for (String prefix : new String[] { "ackLatency", "latency", "handshake" }) {
                    if (key.startsWith(prefix) && key.endsWith("Ms") && json.containsKey(prefix + "Count")
                            && !(raw(prefix + "Count") > 0)) {
                        return Double.NaN;
                    }
                }
                return raw(key);
            }
        }
    }

    private double raw(String key) {
        Object v = json.getValue(key);
        return v instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    /** Other processes used more than a quarter of a core during the measurement (figures disturbed). */
    public boolean disturbed() {
        double other = number("otherCpuPct");
        return !Double.isNaN(other) && other > 25.0;
    }

    public JsonObject json() {
        return json;
    }
}
