package io.parley.bench.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;

/** The runs selected from results.jsonl, grouped by scenario and server. */
public final class ResultSet {

    private final List<RunRecord> runs;
    private final int unreadable;

    private ResultSet(List<RunRecord> runs, int unreadable) {
        this.runs = List.copyOf(runs);
        this.unreadable = unreadable;
    }

    /** Every line of the file that is a JSON object with a scenario and a server; bad lines are counted. */
    public static ResultSet read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return new ResultSet(List.of(), 0);
        }
        return of(Files.readAllLines(file, StandardCharsets.UTF_8));
    }

    public static ResultSet of(List<String> lines) {
        List<RunRecord> runs = new ArrayList<>();
        int bad = 0;
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            try {
                RunRecord r = RunRecord.parse(line.trim());
                if (r.scenario() != null && r.server() != null) {
                    runs.add(r);
                } else {
                    bad++;
                }
            } catch (RuntimeException e) {
                bad++;
            }
        }
        return new ResultSet(runs, bad);
    }

    /** Only the runs of the given run ids. */
    public ResultSet withRunIds(Collection<String> runIds) {
        Set<String> ids = new LinkedHashSet<>(runIds);
        return new ResultSet(runs.stream().filter(r -> ids.contains(r.runId())).toList(), unreadable);
    }

    /**
     * For every scenario, the runs of the most recent run id (run ids sort by time) that measured it; runs
     * without a run id (from before the suite) are left out. Scenarios measured by separate suite invocations
     * thus end up in one report.
     */
    public ResultSet latestPerScenario() {
        Map<String, String> latest = new HashMap<>();
        for (RunRecord r : runs) {
            if (r.runId() == null) {
                continue;
            }
            latest.merge(r.scenario(), r.runId(), (a, b) -> a.compareTo(b) >= 0 ? a : b);
        }
        return new ResultSet(runs.stream()
                .filter(r -> r.runId() != null && r.runId().equals(latest.get(r.scenario()))).toList(), unreadable);
    }

    public List<RunRecord> runs() {
        return runs;
    }

    public int unreadableLines() {
        return unreadable;
    }

    public List<RunRecord> runs(String scenario, String server) {
        return runs.stream().filter(r -> r.scenario().equals(scenario) && r.server().equals(server)).toList();
    }

    public List<RunRecord> validRuns(String scenario, String server) {
        return runs(scenario, server).stream().filter(r -> !r.failed()).toList();
    }

    public List<RunRecord> failedRuns() {
        return runs.stream().filter(RunRecord::failed).toList();
    }

    /** Median and spread of a figure over the valid runs of a scenario/server. */
    public Summary summary(String scenario, String server, String key) {
        return summary(scenario, server, r -> r.number(key));
    }

    public Summary summary(String scenario, String server, ToDoubleFunction<RunRecord> figure) {
        List<Double> values = new ArrayList<>();
        for (RunRecord r : validRuns(scenario, server)) {
            values.add(figure.applyAsDouble(r));
        }
        return Summary.of(values);
    }

    public Set<String> runIds() {
        Set<String> ids = new TreeSet<>();
        runs.forEach(r -> {
            if (r.runId() != null) {
                ids.add(r.runId());
            }
        });
        return ids;
    }

    public Set<String> gitShas() {
        Set<String> shas = new TreeSet<>();
        runs.forEach(r -> {
            if (r.gitSha() != null) {
                shas.add(r.gitSha());
            }
        });
        return shas;
    }

    public boolean has(String scenario) {
        return runs.stream().anyMatch(r -> r.scenario().equals(scenario));
    }
}
