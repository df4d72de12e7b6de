package io.parley.deploy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.DynamicTest;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static io.parley.deploy.Chart.Docs.at;
import static io.parley.deploy.Chart.Docs.list;
import static io.parley.deploy.Chart.Docs.map;
import static org.assertj.core.api.Assertions.assertThat;

/** The GitHub workflows, Dependabot and the Dockerfiles: valid YAML with the right structure. */
class WorkflowsTest {

    static final Path GITHUB = Chart.repoRoot().resolve(".github");

    static Map<String, Object> load(Path file) throws IOException {
        Object doc = new Yaml().load(Files.readString(file));
        assertThat(doc).as("%s is a YAML mapping", file).isInstanceOf(Map.class);
        return map(doc);
    }

    /** The `on:` block (YAML 1.1 parsers read a bare `on` key as the boolean true). */
    static Object triggers(Map<String, Object> workflow) {
        return workflow.containsKey("on") ? workflow.get("on") : workflow.get(true);
    }

    static Map<String, Object> workflow(String name) throws IOException {
        return load(GITHUB.resolve("workflows").resolve(name));
    }

    static List<Map<String, Object>> steps(Map<String, Object> workflow) {
        return map(workflow.get("jobs")).values().stream().flatMap(j -> list(at(j, "steps")).stream())
                .map(Chart.Docs::map).toList();
    }

    @TestFactory
    Stream<DynamicTest> everyWorkflowHasTriggersAndJobsWithRunnersAndSteps() throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(GITHUB.resolve("workflows"))) {
            files = list.filter(p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(files).extracting(p -> p.getFileName().toString())
                .contains("ci.yml", "native.yml", "images.yml", "chart.yml");
        return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            Map<String, Object> workflow = load(file);
            assertThat(workflow.get("name")).as("name").isNotNull();
            assertThat(triggers(workflow)).as("on").isNotNull();
            Map<String, Object> jobs = map(workflow.get("jobs"));
            assertThat(jobs).as("jobs").isNotEmpty();
            jobs.forEach((id, job) -> {
                assertThat(at(job, "runs-on")).as("%s runs-on", id).isNotNull();
                List<Object> steps = list(at(job, "steps"));
                assertThat(steps).as("%s steps", id).isNotEmpty();
                for (Object step : steps) {
                    Map<String, Object> s = map(step);
                    assertThat(s.containsKey("uses") ^ s.containsKey("run")).as("%s step %s: uses or run", id, s).isTrue();
                }
            });
        }));
    }

    @Test
    void ciBuildsOnPushAndPullRequestWithTemurin17AndTheProjectsTestCommand() throws IOException {
        Map<String, Object> ci = workflow("ci.yml");
        assertThat(map(triggers(ci))).containsKeys("push", "pull_request");
        assertThat((String) at(ci, "concurrency.group")).contains("${{");
        Map<String, Object> java = steps(ci).stream().filter(s -> String.valueOf(s.get("uses")).startsWith("actions/setup-java@"))
                .findFirst().orElseThrow(() -> new AssertionError("no setup-java step"));
        assertThat(map(java.get("with"))).containsEntry("distribution", "temurin")
                .containsEntry("java-version", "17").containsEntry("cache", "maven");
        assertThat(steps(ci)).anyMatch(s -> "bash .ci/run".equals(String.valueOf(s.get("run")).trim()));
    }

    @Test
    void nativeBuildsEveryServiceWithMandrel() throws IOException {
        Map<String, Object> nat = workflow("native.yml");
        Map<String, Object> job = map(map(nat.get("jobs")).values().iterator().next());
        assertThat(list(at(job, "strategy.matrix.service")))
                .containsExactly("chat-edge", "chat-persister", "chat-insights", "chat-notifier");
        assertThat(steps(nat)).anyMatch(s -> String.valueOf(s.get("uses")).startsWith("graalvm/setup-graalvm@"));
        assertThat(steps(nat)).anyMatch(s -> String.valueOf(s.get("run"))
                .equals("./mvnw -B -pl ${{ matrix.service }} -am package -Dnative -DskipTests"));
    }

    @Test
    void imagesAreBuiltPerServiceAndPushedToGhcrOnlyOutsidePullRequests() throws IOException {
        Map<String, Object> images = workflow("images.yml");
        assertThat(map(triggers(images))).containsKeys("push", "pull_request");
        Map<String, Object> build = steps(images).stream()
                .filter(s -> String.valueOf(s.get("uses")).startsWith("docker/build-push-action@")).findFirst()
                .orElseThrow(() -> new AssertionError("no build-push step"));
        assertThat(String.valueOf(at(build, "with.file"))).endsWith("/src/main/docker/Dockerfile.jvm");
        assertThat(String.valueOf(at(build, "with.push"))).contains("pull_request");
        assertThat(steps(images)).anyMatch(s -> String.valueOf(s.get("uses")).startsWith("docker/setup-buildx-action@"));
        assertThat(steps(images)).anyMatch(s -> "ghcr.io".equals(at(s, "with.registry")));
        assertThat(String.valueOf(at(images, "permissions.packages"))).isEqualTo("write");
    }

    @Test
    void chartWorkflowLintsAndTemplatesWithHelm() throws IOException {
        Map<String, Object> chart = workflow("chart.yml");
        assertThat(steps(chart)).anyMatch(s -> String.valueOf(s.get("uses")).startsWith("azure/setup-helm@"));
        String scripts = String.join("\n", steps(chart).stream().map(s -> String.valueOf(s.get("run"))).toList());
        assertThat(scripts).contains("helm lint --strict helm/parley", "helm template parley helm/parley",
                "kubectl kustomize k8s/overlays/prod");
    }

    @Test
    void dependabotWatchesMavenAndActions() throws IOException {
        Map<String, Object> dependabot = load(GITHUB.resolve("dependabot.yml"));
        assertThat(dependabot.get("version")).isEqualTo(2);
        assertThat(list(dependabot.get("updates"))).map(u -> at(u, "package-ecosystem"))
                .contains("maven", "github-actions");
    }

    @Test
    void dockerfilesFollowTheQuarkusLayoutAndRunAsNonRoot() throws IOException {
        Path docker = Chart.repoRoot().resolve("chat-edge/src/main/docker");
        String port = Files.readAllLines(Chart.repoRoot().resolve("chat-edge/src/main/resources/application.properties"))
                .stream().filter(l -> l.startsWith("quarkus.http.port=")).findFirst().orElseThrow().split("=")[1].trim();

        String jvm = Files.readString(docker.resolve("Dockerfile.jvm"));
        assertThat(jvm).containsPattern("(?m)^FROM registry\\.access\\.redhat\\.com/ubi9/openjdk-17")
                .contains("target/quarkus-app/lib/", "/deployments/quarkus-run.jar")
                .containsPattern("(?m)^USER 185$").containsPattern("(?m)^EXPOSE " + port + "$");
        for (String name : List.of("Dockerfile.native", "Dockerfile.native-micro")) {
            String nat = Files.readString(docker.resolve(name));
            assertThat(nat).as(name).containsPattern("(?m)^FROM .*(ubi-minimal|quarkus-micro-image)")
                    .contains("target/*-runner").containsPattern("(?m)^USER 1001$")
                    .containsPattern("(?m)^EXPOSE " + port + "$");
        }
        // The chart runs the image with this port.
        Matcher m = Pattern.compile("(?m)^edge:\\n(?:  .*\\n|\\n|#.*\\n)*?  containerPort: (\\d+)")
                .matcher(Files.readString(Chart.chartDir().resolve("values.yaml")));
        assertThat(m.find()).isTrue();
        assertThat(m.group(1)).isEqualTo(port);
    }
}
