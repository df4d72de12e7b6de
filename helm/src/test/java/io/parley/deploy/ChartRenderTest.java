package io.parley.deploy;

import io.parley.deploy.Chart.Docs;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.parley.deploy.Chart.Docs.at;
import static io.parley.deploy.Chart.Docs.list;
import static io.parley.deploy.Chart.Docs.map;
import static io.parley.deploy.Chart.Docs.name;
import static io.parley.deploy.Chart.Docs.ofKind;
import static io.parley.deploy.Chart.Docs.stringMap;
import static org.assertj.core.api.Assertions.assertThat;

/** Renders the chart with every value set and checks what a cluster operator relies on. */
class ChartRenderTest {

    /** The services' own quarkus.http.port. */
    static final Map<String, Integer> PORTS = Map.of("edge", 7001, "persister", 7101, "insights", 7201,
            "notifier", 7301);
    static final Set<String> SELECTOR_KEYS = Set.of("app.kubernetes.io/name", "app.kubernetes.io/instance",
            "app.kubernetes.io/component");

    static List<Map<String, Object>> render(ValueSet set) {
        List<Map<String, Object>> docs = Docs.parse(set.template());
        assertThat(ofKind(docs, "Deployment")).as("%s renders Deployments", set).isNotEmpty();
        return docs;
    }

    static Map<String, Object> container(Map<String, Object> deployment) {
        List<Object> containers = list(at(deployment, "spec.template.spec.containers"));
        assertThat(containers).as("containers of %s", name(deployment)).hasSize(1);
        return map(containers.get(0));
    }

    static String component(Map<String, Object> doc) {
        return stringMap(at(doc, "metadata.labels")).get("app.kubernetes.io/component");
    }

    static Map<String, Object> find(List<Map<String, Object>> docs, String kind, String name) {
        return ofKind(docs, kind).stream().filter(d -> name.equals(name(d))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " named " + name));
    }

    @ParameterizedTest
    @EnumSource(ValueSet.class)
    void everyDeploymentProbesTheQuarkusHealthEndpoints(ValueSet set) {
        for (Map<String, Object> deployment : ofKind(render(set), "Deployment")) {
            Map<String, Object> c = container(deployment);
            assertThat(at(c, "startupProbe.httpGet.path")).as("%s startup", name(deployment)).isEqualTo("/q/health/started");
            assertThat(at(c, "livenessProbe.httpGet.path")).as("%s liveness", name(deployment)).isEqualTo("/q/health/live");
            assertThat(at(c, "readinessProbe.httpGet.path")).as("%s readiness", name(deployment)).isEqualTo("/q/health/ready");
            for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                assertThat(at(c, probe + ".httpGet.port")).as("%s %s port", name(deployment), probe).isEqualTo("http");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(ValueSet.class)
    void everyDeploymentHasResourceRequestsAndLimits(ValueSet set) {
        for (Map<String, Object> deployment : ofKind(render(set), "Deployment")) {
            Map<String, Object> c = container(deployment);
            for (String kind : List.of("requests", "limits")) {
                assertThat(stringMap(at(c, "resources." + kind))).as("%s %s", name(deployment), kind)
                        .containsKeys("cpu", "memory");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(ValueSet.class)
    void containerPortIsTheConfiguredPortAndTheServiceTargetsIt(ValueSet set) {
        List<Map<String, Object>> docs = render(set);
        for (Map<String, Object> deployment : ofKind(docs, "Deployment")) {
            String component = component(deployment);
            Map<String, Object> port = map(list(container(deployment).get("ports")).get(0));
            assertThat(port.get("containerPort")).as("%s containerPort", component).isEqualTo(PORTS.get(component));

            Map<String, Object> env = find(docs, "ConfigMap", name(deployment) + "-env");
            assertThat(at(env, "data.QUARKUS_HTTP_PORT")).as("%s QUARKUS_HTTP_PORT", component)
                    .isEqualTo(String.valueOf(PORTS.get(component)));
            assertThat(list(container(deployment).get("envFrom"))).as("%s reads its ConfigMap", component)
                    .anySatisfy(e -> assertThat(at(e, "configMapRef.name")).isEqualTo(name(deployment) + "-env"));

            Map<String, Object> service = find(docs, "Service", name(deployment));
            Map<String, Object> servicePort = map(list(at(service, "spec.ports")).get(0));
            Object target = servicePort.get("targetPort");
            Object resolved = target.equals(port.get("name")) ? port.get("containerPort") : target;
            assertThat(resolved).as("%s Service targetPort", component).isEqualTo(PORTS.get(component));
        }
    }

    @ParameterizedTest
    @EnumSource(ValueSet.class)
    void selectorsMatchPodLabelsAndNeverTheVersion(ValueSet set) {
        List<Map<String, Object>> docs = render(set);
        List<Map<String, String>> podLabels = new ArrayList<>();
        for (Map<String, Object> deployment : ofKind(docs, "Deployment")) {
            Map<String, String> selector = stringMap(at(deployment, "spec.selector.matchLabels"));
            Map<String, String> labels = stringMap(at(deployment, "spec.template.metadata.labels"));
            assertThat(selector.keySet()).as("%s selector keys", name(deployment)).isEqualTo(SELECTOR_KEYS);
            assertThat(labels).as("%s pod labels", name(deployment)).containsAllEntriesOf(selector)
                    .containsKey("app.kubernetes.io/version");
            podLabels.add(labels);
        }
        List<Map<String, String>> selectors = new ArrayList<>();
        ofKind(docs, "Service").forEach(s -> selectors.add(stringMap(at(s, "spec.selector"))));
        ofKind(docs, "PodDisruptionBudget").forEach(p -> selectors.add(stringMap(at(p, "spec.selector.matchLabels"))));
        ofKind(docs, "ServiceMonitor").forEach(m -> selectors.add(stringMap(at(m, "spec.selector.matchLabels"))));
        for (Map<String, String> selector : selectors) {
            assertThat(selector.keySet()).as("selector %s", selector).isEqualTo(SELECTOR_KEYS);
            assertThat(podLabels).as("pods selected by %s", selector)
                    .filteredOn(labels -> labels.entrySet().containsAll(selector.entrySet())).hasSize(1);
        }
        for (Map<String, Object> hpa : ofKind(docs, "HorizontalPodAutoscaler")) {
            String target = (String) at(hpa, "spec.scaleTargetRef.name");
            assertThat(ofKind(docs, "Deployment")).extracting(Docs::name).as("HPA target").contains(target);
            assertThat(at(find(docs, "Deployment", target), "spec.replicas"))
                    .as("%s replicas belong to its HPA", target).isNull();
        }
    }

    @ParameterizedTest
    @EnumSource(ValueSet.class)
    void podsRunAsNonRootOnAReadOnlyRootFilesystemWithAWritableTmp(ValueSet set) {
        for (Map<String, Object> deployment : ofKind(render(set), "Deployment")) {
            Map<String, Object> c = container(deployment);
            assertThat(at(deployment, "spec.template.spec.securityContext.runAsNonRoot")).isEqualTo(true);
            assertThat(at(c, "securityContext.readOnlyRootFilesystem")).as(name(deployment)).isEqualTo(true);
            assertThat(at(c, "securityContext.allowPrivilegeEscalation")).as(name(deployment)).isEqualTo(false);
            String tmpVolume = list(c.get("volumeMounts")).stream().map(Docs::map)
                    .filter(m -> "/tmp".equals(m.get("mountPath"))).map(m -> (String) m.get("name"))
                    .findFirst().orElseThrow(() -> new AssertionError(name(deployment) + " mounts nothing on /tmp"));
            assertThat(list(at(deployment, "spec.template.spec.volumes"))).map(Docs::map)
                    .anySatisfy(v -> {
                        assertThat(v.get("name")).isEqualTo(tmpVolume);
                        assertThat(v).containsKey("emptyDir");
                    });
        }
    }

    @ParameterizedTest
    @EnumSource(ValueSet.class)
    void secretValuesStayInSecretsAndEveryRequiredSecretRefResolves(ValueSet set) {
        List<Map<String, Object>> docs = render(set);
        Map<String, Set<String>> secretKeys = new java.util.HashMap<>();
        Set<String> inSecrets = new HashSet<>();
        for (Map<String, Object> secret : ofKind(docs, "Secret")) {
            Map<String, String> data = stringMap(secret.get("data"));
            secretKeys.put(name(secret), data.keySet());
            data.values().forEach(v -> inSecrets.add(new String(Base64.getDecoder().decode(v))));
        }
        if (set == ValueSet.EVERYTHING) {
            // Every inline credential lands in a Secret (the FCM key inside its JSON document).
            for (String value : ValueSet.SECRET_VALUES) {
                assertThat(inSecrets).as("Secret holding %s", value).anyMatch(v -> v.contains(value));
            }
        }
        for (Map<String, Object> doc : docs) {
            if ("Secret".equals(doc.get("kind"))) {
                continue;
            }
            String text = new org.yaml.snakeyaml.Yaml().dump(doc);
            for (String value : ValueSet.SECRET_VALUES) {
                assertThat(text).as("%s %s leaks a secret value", doc.get("kind"), name(doc)).doesNotContain(value);
            }
        }
        Set<String> existing = existingSecrets(set);
        for (Map<String, Object> deployment : ofKind(docs, "Deployment")) {
            for (Object e : list(container(deployment).get("env"))) {
                Object ref = at(e, "valueFrom.secretKeyRef");
                if (ref == null || Boolean.TRUE.equals(at(ref, "optional"))) {
                    continue;
                }
                String secret = (String) at(ref, "name");
                if (existing.contains(secret)) {
                    assertThat(secretKeys).as("no Secret rendered for the existingSecret %s", secret)
                            .doesNotContainKey(secret);
                } else {
                    assertThat(secretKeys).as("%s of %s: Secret %s", at(e, "name"), name(deployment), secret)
                            .containsKey(secret);
                    assertThat(secretKeys.get(secret)).contains((String) at(ref, "key"));
                }
            }
        }
    }

    /** Every existingSecret named in a value set's values. */
    static Set<String> existingSecrets(ValueSet set) {
        Set<String> names = new HashSet<>();
        try {
            collectExistingSecrets(new org.yaml.snakeyaml.Yaml().load(java.nio.file.Files.readString(set.valuesFile())), names);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        if (set == ValueSet.EXISTING_SECRET) {
            assertThat(names).hasSize(5);
        }
        return names;
    }

    private static void collectExistingSecrets(Object node, Set<String> names) {
        if (node instanceof Map<?, ?> m) {
            m.forEach((k, v) -> {
                if ("existingSecret".equals(k) && v instanceof String s && !s.isEmpty()) {
                    names.add(s);
                } else {
                    collectExistingSecrets(v, names);
                }
            });
        } else if (node instanceof List<?> l) {
            l.forEach(v -> collectExistingSecrets(v, names));
        }
    }
}
