package io.parley.deploy;

import com.marcnuri.helm.Helm;
import io.parley.deploy.Chart.Docs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.parley.deploy.Chart.Docs.at;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * NOTES.txt, as `helm install` would print it. helm-java's client-side dry run still contacts a
 * cluster, so a copy of the chart renders NOTES.txt into a ConfigMap through `tpl`.
 */
class NotesTest {

    @TempDir
    static Path dir;
    static Path chart;

    @BeforeAll
    static void copyChartWithRenderedNotes() throws IOException {
        chart = ChartLintAndSchemaTest.copyChart(dir);
        Files.copy(chart.resolve("templates/NOTES.txt"), chart.resolve("notes.txt"));
        Files.writeString(chart.resolve("templates/zz-notes.yaml"), """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: rendered-notes
                data:
                  notes: |
                {{ tpl (.Files.Get "notes.txt") . | indent 4 }}
                """);
    }

    static String notes(Path valuesFile) {
        String yaml = new Helm(chart).template().withName(Chart.RELEASE).withNamespace(Chart.NAMESPACE)
                .withValuesFile(valuesFile).call();
        List<Map<String, Object>> docs = Docs.parse(yaml);
        return (String) at(ChartRenderTest.find(docs, "ConfigMap", "rendered-notes"), "data.notes");
    }

    @Test
    void defaultsPointToEveryServiceAndToPortForwarding() {
        assertThat(notes(ValueSet.DEFAULTS.valuesFile())).contains("chat-edge: parley-edge:7001",
                "chat-persister: parley-persister:7101", "chat-insights: parley-insights:7201",
                "chat-notifier: parley-notifier:7301", "port-forward svc/parley-edge 7001",
                "no PostgreSQL password");
    }

    @Test
    void productionPointsToTheIngress() {
        assertThat(notes(ValueSet.PRODUCTION.valuesFile())).contains("https://chat.example.com")
                .doesNotContain("WARNING", "no PostgreSQL password");
    }

    @Test
    void warnsWhenStickinessIsOffOrIdentityIsInsecure() {
        assertThat(notes(Chart.valuesFile("""
                global:
                  authMode: insecure-dev
                  allowInsecureAuth: true
                edge:
                  ingress:
                    enabled: true
                    affinity:
                      enabled: false
                """))).contains("cookie affinity is off", "insecure-dev: any client can claim any user id");
    }
}
