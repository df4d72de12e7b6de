package io.parley.deploy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** helm lint --strict, and values.schema.json (and the chart's own guards) refusing bad values. */
class ChartLintAndSchemaTest {

    @Test
    void lintsCleanInStrictMode() {
        LintResult result = Chart.helm().lint().strict().call();
        assertThat(result.isFailed()).as("lint: %s", result.getMessages()).isFalse();
        assertThat(result.getMessages()).noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
    }

    @Test
    void strictLintCatchesABrokenTemplate(@TempDir Path dir) throws IOException {
        Path copy = copyChart(dir);
        Files.writeString(copy.resolve("templates/service.yaml"), "{{ .Values.edge.service.port | nosuchfunction }}\n");
        assertThat(new Helm(copy).lint().strict().call().isFailed()).isTrue();
    }

    @Test
    void schemaRejectsAWrongType() {
        assertThatThrownBy(() -> Chart.render("edge:\n  replicaCount: two\n"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("replicaCount");
        assertThatThrownBy(() -> Chart.render("persister:\n  containerPort: \"7101\"\n"))
                .hasMessageContaining("containerPort");
    }

    @Test
    void schemaRejectsUnknownKeysAndValuesOutsideTheirSet() {
        assertThatThrownBy(() -> Chart.render("edge:\n  replicas: 3\n")).hasMessageContaining("replicas");
        assertThatThrownBy(() -> Chart.render("global:\n  authMode: none\n")).hasMessageContaining("authMode");
        assertThatThrownBy(() -> Chart.render("global:\n  redis:\n    mode: ring\n")).hasMessageContaining("mode");
        assertThatThrownBy(() -> Chart.render("global:\n  redis:\n    hosts: redis:6379\n")).hasMessageContaining("hosts");
        assertThatThrownBy(() -> Chart.render("edge:\n  probes:\n    liveness:\n      path: q/health\n"))
                .hasMessageContaining("path");
        assertThatThrownBy(() -> Chart.render("edge:\n  eventLoops: -1\n")).hasMessageContaining("eventLoops");
        assertThatThrownBy(() -> Chart.render("edge:\n  eventLoops: \"2\"\n")).hasMessageContaining("eventLoops");
    }

    @Test
    void insecureDevIdentityNeedsAnExplicitConfirmation() {
        assertThatThrownBy(() -> Chart.render("global:\n  authMode: insecure-dev\n"))
                .hasMessageContaining("allowInsecureAuth");
        var docs = Chart.render("global:\n  authMode: insecure-dev\n  allowInsecureAuth: true\n");
        // the services refuse insecure-dev in their prod profile: such an install runs the insecure-dev profile
        assertThat(docs).filteredOn(d -> "ConfigMap".equals(d.get("kind")))
                .filteredOn(d -> String.valueOf(((java.util.Map<?, ?>) d.get("metadata")).get("name")).endsWith("-env"))
                .isNotEmpty()
                .allSatisfy(d -> assertThat(((java.util.Map<?, ?>) d.get("data")).get("QUARKUS_PROFILE")).isEqualTo("insecure-dev"));
        assertThat(Chart.render("")).filteredOn(d -> "ConfigMap".equals(d.get("kind")))
                .allSatisfy(d -> assertThat(String.valueOf(d.get("data"))).doesNotContain("QUARKUS_PROFILE"));
    }

    @Test
    void refusesToInstallNothing() {
        assertThatThrownBy(() -> Chart.render("""
                edge: {enabled: false}
                persister: {enabled: false}
                insights: {enabled: false}
                notifier: {enabled: false}
                """)).hasMessageContaining("every service is disabled");
    }

    static Path copyChart(Path target) throws IOException {
        Path source = Chart.chartDir();
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path to = target.resolve("parley").resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(file, to);
                }
            }
        }
        return target.resolve("parley");
    }
}
