package io.parley.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The Grafana dashboard in the repository is valid JSON, every panel queries Prometheus, and every
 * Parley metric it uses is one the services document (docs/metrics.md), so that a renamed metric
 * cannot leave a silently empty panel.
 */
class GrafanaDashboardTest {

    private static final Path REPO = Chart.repoRoot();
    private static final Path DASHBOARD = REPO.resolve("helm/parley/dashboards/parley.json");
    private static final Pattern METRIC = Pattern.compile("\\b(parley_[a-z_]+?)(_bucket|_count|_sum|_max)?\\b");

    @SuppressWarnings("unchecked")
    private static Map<String, Object> dashboard() throws IOException {
        // JSON is YAML: snakeyaml parses it, and fails on malformed JSON
        return new Yaml().load(Files.readString(DASHBOARD));
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyPanelHasPrometheusQueries() throws IOException {
        Map<String, Object> dashboard = dashboard();
        assertEquals("parley-overview", dashboard.get("uid"));
        List<Map<String, Object>> panels = (List<Map<String, Object>>) dashboard.get("panels");
        assertFalse(panels.isEmpty(), "the dashboard has panels");
        Set<Object> ids = new HashSet<>();
        for (Map<String, Object> panel : panels) {
            assertTrue(ids.add(panel.get("id")), "panel ids are unique: " + panel.get("id"));
            List<Map<String, Object>> targets = (List<Map<String, Object>>) panel.get("targets");
            assertFalse(targets == null || targets.isEmpty(), "panel '" + panel.get("title") + "' queries something");
            for (Map<String, Object> target : targets) {
                assertTrue(String.valueOf(target.get("expr")).contains("parley_")
                        || String.valueOf(target.get("expr")).contains("kafka_"),
                        "panel '" + panel.get("title") + "' queries Parley's metrics");
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyParleyMetricItUsesIsDocumented() throws IOException {
        String documented = Files.readString(REPO.resolve("docs/metrics.md"));
        Set<String> missing = new TreeSet<>();
        for (Map<String, Object> panel : (List<Map<String, Object>>) dashboard().get("panels")) {
            for (Map<String, Object> target : (List<Map<String, Object>>) panel.get("targets")) {
                Matcher m = METRIC.matcher(String.valueOf(target.get("expr")));
                while (m.find()) {
                    String base = m.group(1).replaceAll("_(total|seconds)$", "");
                    if (!documented.contains(base)) {
                        missing.add(m.group(1));
                    }
                }
            }
        }
        assertTrue(missing.isEmpty(), "metrics used by the dashboard but not in docs/metrics.md: " + missing);
    }
}
