package io.parley.bench.loadgen;

import io.vertx.core.json.JsonObject;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Prints a run's results twice: a human-readable block and one machine-readable line
 * {@code RESULT_JSON {...}} for scripts.
 */
public final class ResultPrinter {

    private final StringBuilder block = new StringBuilder();
    private final JsonObject json = new JsonObject();
    private final List<String> warnings = new ArrayList<>();

    public ResultPrinter(String title) {
        block.append("==== ").append(title).append(" ====\n");
    }

    public ResultPrinter line(String label, String text) {
        block.append(String.format(Locale.ROOT, "%-22s %s%n", label, text));
        return this;
    }

    public ResultPrinter put(String key, Object value) {
        if (value instanceof Double d && (d.isNaN() || d.isInfinite())) {
            json.putNull(key);
        } else {
            json.put(key, value);
        }
        return this;
    }

    public ResultPrinter warn(String warning) {
        warnings.add(warning);
        return this;
    }

    public JsonObject json() {
        return json;
    }

    public void print(PrintStream out) {
        for (String w : warnings) {
            block.append("WARNING: ").append(w).append('\n');
        }
        json.put("warnings", new io.vertx.core.json.JsonArray(new ArrayList<>(warnings)));
        block.append("====\n");
        out.print(block);
        out.println("RESULT_JSON " + json.encode());
        out.flush();
    }

    public static String f1(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.1f", v);
    }

    public static String f3(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.3f", v);
    }

    public static double round3(double v) {
        return Double.isNaN(v) ? v : Math.round(v * 1000.0) / 1000.0;
    }

    /** Adds p50..max of a latency snapshot, in ms, under a key prefix. */
    public ResultPrinter latency(String label, String keyPrefix, LatencyHistogram.Snapshot s) {
        line(label, String.format(Locale.ROOT, "p50 %s  p90 %s  p99 %s  p99.9 %s  max %s ms  (n=%d)",
                f3(s.percentileMillis(50)), f3(s.percentileMillis(90)), f3(s.percentileMillis(99)),
                f3(s.percentileMillis(99.9)), f3(s.maxMillis()), s.count()));
        put(keyPrefix + "P50Ms", round3(s.percentileMillis(50)));
        put(keyPrefix + "P90Ms", round3(s.percentileMillis(90)));
        put(keyPrefix + "P99Ms", round3(s.percentileMillis(99)));
        put(keyPrefix + "P999Ms", round3(s.percentileMillis(99.9)));
        put(keyPrefix + "MaxMs", round3(s.maxMillis()));
        put(keyPrefix + "Count", s.count());
        return this;
    }

    /** CPU lines and the load generator saturation warning. */
    public ResultPrinter cpu(CpuWindow window, ServerProcesses server, int loadgenCores) {
        double loadgenCpu = window.loadgenPct();
        double serverCpu = window.serverPct();
        double hostBusyCpu = window.hostPct();
        double threshold = 85.0 * loadgenCores;
        line("loadgen CPU", f1(loadgenCpu) + " % of one core (usable cores: " + loadgenCores + ", transport "
                + json.getString("transport", "?") + ")");
        line("server CPU", server == null ? "n/a (no --server-pid)"
                : Double.isNaN(serverCpu) ? "n/a (" + server.describe() + " not readable: has it exited?)"
                : f1(serverCpu) + " % of one core (" + server.describe() + ")");
        put("loadgenCpuPct", round3(loadgenCpu));
        put("loadgenCores", loadgenCores);
        put("serverCpuPct", server != null ? round3(serverCpu) : Double.NaN);
        double serverJit = window.serverJitPct();
        if (server != null && !Double.isNaN(serverJit)) {
            line("server JIT CPU", f1(serverJit) + " % of one core (its JVM's C1/C2 compiler threads)");
            put("serverJitCpuPct", round3(serverJit));
            if (serverJit > 10.0) {
                warn(String.format(Locale.ROOT, "the server's JIT compilers used %.1f%% of a core during the "
                        + "measurement: it was not warm yet (a longer BENCH_WARMUP)", serverJit));
            }
        }
        double other = hostBusyCpu - loadgenCpu - (server != null && !Double.isNaN(serverCpu) ? serverCpu : 0);
        line("other processes CPU", f1(Math.max(0, other)) + " % of one core (host busy " + f1(hostBusyCpu) + " %)");
        put("hostBusyCpuPct", round3(hostBusyCpu)).put("otherCpuPct", round3(Math.max(0, other)));
        if (server != null && other > 25.0) {
            warn(String.format(Locale.ROOT, "other processes on this machine used %.1f%% of a core during the "
                    + "measurement: the figures are disturbed", other));
        }
        boolean saturated = !Double.isNaN(loadgenCpu) && loadgenCpu > threshold;
        put("loadgenSaturated", saturated);
        if (saturated) {
            warn(String.format(Locale.ROOT,
                    "load generator CPU %.1f%% exceeded %.0f%% of its %d usable core(s): it may have been the "
                            + "bottleneck; these figures understate the server", loadgenCpu, threshold, loadgenCores));
        }
        return this;
    }
}
