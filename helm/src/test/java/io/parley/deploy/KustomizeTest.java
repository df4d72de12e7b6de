package io.parley.deploy;

import io.parley.deploy.Chart.Docs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static io.parley.deploy.Chart.Docs.at;
import static io.parley.deploy.Chart.Docs.list;
import static io.parley.deploy.Chart.Docs.map;
import static io.parley.deploy.Chart.Docs.name;
import static io.parley.deploy.Chart.Docs.ofKind;
import static io.parley.deploy.Chart.Docs.stringMap;
import static io.parley.deploy.ChartRenderTest.container;
import static io.parley.deploy.ChartRenderTest.find;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The plain manifests (k8s/): every overlay renders with `kubectl kustomize` and agrees with the
 * chart on names, selector labels, ports and probes. Skipped, with a message, without kubectl.
 */
class KustomizeTest {

    static List<Map<String, Object>> chart;

    @BeforeAll
    static void renderChart() {
        // The defaults plus the credentials the base reads from Secrets (parley-postgresql,
        // parley-redis, parley-oidc), as an install with those Secrets would have.
        chart = Chart.render("""
                global:
                  redis:
                    auth:
                      password: x
                  postgresql:
                    auth:
                      password: x
                  oidc:
                    clientSecret: x
                """);
    }

    static Path kubectl() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "kubectl");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    static List<Map<String, Object>> kustomize(String overlay) throws IOException, InterruptedException {
        Path kubectl = kubectl();
        assumeTrue(kubectl != null, "kubectl is not on the PATH: the kustomize overlays were not rendered");
        Path dir = Chart.repoRoot().resolve("k8s/overlays").resolve(overlay);
        Process process = new ProcessBuilder(kubectl.toString(), "kustomize", dir.toString())
                .redirectErrorStream(false).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("kubectl kustomize %s: %s", overlay, err).isZero();
        return Docs.parse(out);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void overlayAgreesWithTheChart(String overlay) throws Exception {
        List<Map<String, Object>> docs = kustomize(overlay);

        assertThat(ofKind(docs, "Deployment")).extracting(Docs::name).as("Deployments")
                .containsExactlyInAnyOrderElementsOf(ofKind(chart, "Deployment").stream().map(Docs::name).toList());
        assertThat(ofKind(docs, "Service")).extracting(Docs::name).as("Services")
                .containsExactlyInAnyOrderElementsOf(ofKind(chart, "Service").stream().map(Docs::name).toList());

        for (Map<String, Object> expected : ofKind(chart, "Deployment")) {
            Map<String, Object> actual = find(docs, "Deployment", name(expected));
            String what = overlay + " " + name(expected);
            assertThat(stringMap(at(actual, "spec.selector.matchLabels"))).as("%s selector", what)
                    .isEqualTo(stringMap(at(expected, "spec.selector.matchLabels")));
            assertThat(stringMap(at(actual, "spec.template.metadata.labels"))).as("%s pod labels", what)
                    .containsAllEntriesOf(stringMap(at(expected, "spec.selector.matchLabels")));
            Map<String, Object> a = container(actual);
            Map<String, Object> e = container(expected);
            assertThat(a.get("name")).as("%s container", what).isEqualTo(e.get("name"));
            assertThat(a.get("ports")).as("%s ports", what).isEqualTo(e.get("ports"));
            for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                assertThat(a.get(probe)).as("%s %s", what, probe).isEqualTo(e.get(probe));
            }
            assertThat(at(a, "securityContext.readOnlyRootFilesystem")).as("%s read-only", what).isEqualTo(true);
            assertThat(at(actual, "spec.template.spec.terminationGracePeriodSeconds")).as("%s grace", what)
                    .isEqualTo(at(expected, "spec.template.spec.terminationGracePeriodSeconds"));
            assertThat(a.get("lifecycle")).as("%s preStop", what).isEqualTo(e.get("lifecycle"));

            // Same configuration keys and port; values may differ per overlay (issuer, auth mode).
            Map<String, String> actualEnv = stringMap(at(find(docs, "ConfigMap", name(expected) + "-env"), "data"));
            Map<String, String> expectedEnv = stringMap(at(find(chart, "ConfigMap", name(expected) + "-env"), "data"));
            // the chart adds QUARKUS_PROFILE only with authMode insecure-dev, as the dev overlay does
            Set<String> actualKeys = new TreeSet<>(actualEnv.keySet());
            if ("insecure-dev".equals(actualEnv.get("PARLEY_AUTH_MODE"))) {
                assertThat(actualEnv).as("%s profile", what).containsEntry("QUARKUS_PROFILE", "insecure-dev");
                actualKeys.remove("QUARKUS_PROFILE");
            }
            assertThat(actualKeys).as("%s configuration keys", what).isEqualTo(new TreeSet<>(expectedEnv.keySet()));
            assertThat(actualEnv.get("QUARKUS_HTTP_PORT")).isEqualTo(expectedEnv.get("QUARKUS_HTTP_PORT"));
            assertThat(envNames(a)).as("%s secret variables", what).isEqualTo(envNames(e));
        }
        for (Map<String, Object> expected : ofKind(chart, "Service")) {
            Map<String, Object> actual = find(docs, "Service", name(expected));
            assertThat(at(actual, "spec.selector")).as("%s %s selector", overlay, name(expected))
                    .isEqualTo(at(expected, "spec.selector"));
            assertThat(at(actual, "spec.ports")).as("%s %s ports", overlay, name(expected))
                    .isEqualTo(at(expected, "spec.ports"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void overlayMatchesItsPurpose(String overlay) throws Exception {
        List<Map<String, Object>> docs = kustomize(overlay);
        Map<String, String> edgeEnv = stringMap(at(find(docs, "ConfigMap", "parley-edge-env"), "data"));
        if (overlay.equals("prod")) {
            assertThat(edgeEnv).containsEntry("PARLEY_AUTH_MODE", "oidc");
            assertThat(ofKind(docs, "Secret")).as("production Secrets come from outside").isEmpty();
            assertThat(find(docs, "HorizontalPodAutoscaler", "parley-edge")).isNotNull();
            assertThat(ofKind(docs, "PodDisruptionBudget")).hasSize(4);
            Map<String, Object> chartIngress = find(Chart.render("edge:\n  ingress:\n    enabled: true\n"), "Ingress", "parley-edge");
            Map<String, Object> ingress = find(docs, "Ingress", "parley-edge");
            Map<String, String> chartAnnotations = stringMap(at(chartIngress, "metadata.annotations"));
            assertThat(stringMap(at(ingress, "metadata.annotations"))).as("prod Ingress annotations")
                    .isEqualTo(chartAnnotations);
            assertThat(at(map(list(at(ingress, "spec.rules")).get(0)), "http"))
                    .isEqualTo(at(map(list(at(chartIngress, "spec.rules")).get(0)), "http"));
        } else {
            assertThat(edgeEnv).containsEntry("PARLEY_AUTH_MODE", "insecure-dev");
            assertThat(ofKind(docs, "HorizontalPodAutoscaler")).isEmpty();
            assertThat(ofKind(docs, "Secret")).extracting(Docs::name).anyMatch(n -> n.startsWith("parley-postgresql"));
        }
        assertThat(docs).allSatisfy(d -> {
            if (!"Namespace".equals(d.get("kind"))) {
                assertThat(at(d, "metadata.namespace")).as("%s namespace", name(d))
                        .isEqualTo(overlay.equals("prod") ? "parley" : "parley-dev");
            }
        });
    }

    static List<String> envNames(Map<String, Object> container) {
        return list(container.get("env")).stream().map(e -> (String) at(e, "name")).sorted().collect(Collectors.toList());
    }
}
