package io.parley.deploy;

import io.parley.deploy.Chart.Docs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.ParameterizedTest;

import java.util.List;
import java.util.Map;

import static io.parley.deploy.Chart.Docs.at;
import static io.parley.deploy.Chart.Docs.list;
import static io.parley.deploy.Chart.Docs.map;
import static io.parley.deploy.Chart.Docs.name;
import static io.parley.deploy.Chart.Docs.ofKind;
import static io.parley.deploy.Chart.Docs.stringMap;
import static io.parley.deploy.ChartRenderTest.container;
import static io.parley.deploy.ChartRenderTest.find;
import static org.assertj.core.api.Assertions.assertThat;

/** The edge's scaling, draining and ingress features, and the opt-in objects. */
class ChartFeaturesTest {

    static final String NGINX = "nginx.ingress.kubernetes.io/";

    @Test
    void edgeHasPdbHpaAndAGracePeriodLongerThanItsDrain() {
        List<Map<String, Object>> docs = Docs.parse(ValueSet.DEFAULTS.template());
        Map<String, Object> edge = find(docs, "Deployment", "parley-edge");
        assertThat(at(find(docs, "PodDisruptionBudget", "parley-edge"), "spec.maxUnavailable")).isEqualTo(1);
        Map<String, Object> hpa = find(docs, "HorizontalPodAutoscaler", "parley-edge");
        assertThat((Integer) at(hpa, "spec.minReplicas")).isGreaterThanOrEqualTo(2);
        assertThat(at(hpa, "spec.behavior.scaleDown.stabilizationWindowSeconds")).isNotNull();

        int grace = (Integer) at(edge, "spec.template.spec.terminationGracePeriodSeconds");
        int preStop = (Integer) at(container(edge), "lifecycle.preStop.sleep.seconds");
        String shutdown = (String) at(find(docs, "ConfigMap", "parley-edge-env"), "data.QUARKUS_SHUTDOWN_TIMEOUT");
        assertThat(grace).isGreaterThanOrEqualTo(60);
        assertThat(preStop).isPositive();
        assertThat(preStop + Integer.parseInt(shutdown.replace("s", ""))).as("preStop + shutdown timeout")
                .isLessThan(grace);
        assertThat(at(edge, "spec.strategy.rollingUpdate.maxUnavailable")).isEqualTo(0);

        // Opt-in only: the consumers get neither by default, and nothing needs CRDs or an ingress.
        assertThat(ofKind(docs, "HorizontalPodAutoscaler")).extracting(Docs::name).containsExactly("parley-edge");
        assertThat(ofKind(docs, "PodDisruptionBudget")).extracting(Docs::name).containsExactly("parley-edge");
        assertThat(docs).extracting(d -> d.get("kind")).doesNotContain("ServiceMonitor", "Ingress", "HTTPRoute");
    }

    @Test
    void ingressHasCookieAffinityAndWebSocketTimeouts() {
        for (ValueSet set : List.of(ValueSet.EVERYTHING, ValueSet.PRODUCTION)) {
            List<Map<String, Object>> docs = Docs.parse(set.template());
            Map<String, Object> ingress = find(docs, "Ingress", "parley-edge");
            Map<String, String> annotations = stringMap(at(ingress, "metadata.annotations"));
            assertThat(annotations).as(set.name())
                    .containsEntry(NGINX + "affinity", "cookie")
                    .containsEntry(NGINX + "session-cookie-name", "PARLEY_EDGE")
                    .containsEntry(NGINX + "proxy-read-timeout", "3600")
                    .containsEntry(NGINX + "proxy-send-timeout", "3600");
            Map<String, Object> path = map(list(at(map(list(at(ingress, "spec.rules")).get(0)), "http.paths")).get(0));
            assertThat(at(path, "backend.service.name")).isEqualTo("parley-edge");
            assertThat(at(path, "backend.service.port.name")).isEqualTo("http");
        }
    }

    @Test
    void ingressAffinityIsConfigurable() {
        List<Map<String, Object>> off = Chart.render("""
                edge:
                  ingress:
                    enabled: true
                    affinity:
                      enabled: false
                """);
        assertThat(stringMap(at(find(off, "Ingress", "parley-edge"), "metadata.annotations")))
                .doesNotContainKey(NGINX + "affinity").containsKey(NGINX + "proxy-read-timeout");

        List<Map<String, Object>> custom = Chart.render("""
                edge:
                  ingress:
                    enabled: true
                    className: internal
                    affinity:
                      annotationPrefix: internal.ingress.example.com
                      cookieName: STICKY
                    timeouts:
                      readSeconds: 7200
                """);
        Map<String, Object> ingress = find(custom, "Ingress", "parley-edge");
        assertThat(stringMap(at(ingress, "metadata.annotations")))
                .containsEntry("internal.ingress.example.com/affinity", "cookie")
                .containsEntry("internal.ingress.example.com/session-cookie-name", "STICKY")
                .containsEntry("internal.ingress.example.com/proxy-read-timeout", "7200");
        assertThat(at(ingress, "spec.ingressClassName")).isEqualTo("internal");
    }

    @Test
    void httpRouteIsAnOptInAlternative() {
        List<Map<String, Object>> docs = Docs.parse(ValueSet.EVERYTHING.template());
        Map<String, Object> route = find(docs, "HTTPRoute", "parley-edge");
        Map<String, Object> rule = map(list(at(route, "spec.rules")).get(0));
        assertThat(at(map(list(rule.get("backendRefs")).get(0)), "name")).isEqualTo("parley-edge");
        assertThat(at(map(list(rule.get("backendRefs")).get(0)), "port")).isEqualTo(7001);
        assertThat(at(rule, "sessionPersistence.type")).isEqualTo("Cookie");
        assertThat(at(rule, "timeouts.request")).isEqualTo("3600s");
        assertThat(list(at(route, "spec.parentRefs"))).isNotEmpty();
    }

    @Test
    void serviceMonitorsScrapeTheMetricsPathOfEveryService() {
        List<Map<String, Object>> docs = Docs.parse(ValueSet.EVERYTHING.template());
        assertThat(ofKind(docs, "ServiceMonitor")).hasSize(4).allSatisfy(m -> {
            Map<String, Object> endpoint = map(list(at(m, "spec.endpoints")).get(0));
            assertThat(endpoint).containsEntry("path", "/q/metrics").containsEntry("port", "http");
        });
    }

    @Test
    void disabledServicesRenderNothing() {
        List<Map<String, Object>> docs = Docs.parse(ValueSet.SERVICES_DISABLED.template());
        assertThat(docs).map(ChartRenderTest::component).doesNotContain("persister", "insights", "notifier");
        assertThat(ofKind(docs, "Deployment")).extracting(Docs::name).containsExactly("parley-edge");
        // Only the edge runs, and it needs no database: no PostgreSQL variables anywhere.
        assertThat(new org.yaml.snakeyaml.Yaml().dump(docs)).doesNotContain("QUARKUS_DATASOURCE");
    }

    @ParameterizedTest
    @EnumSource(value = ValueSet.class, names = { "DEFAULTS", "PRODUCTION" })
    void theEdgeRunsOneEventLoopPerCpuOfItsLimit(ValueSet set) {
        List<Map<String, Object>> docs = Docs.parse(set.template());
        Map<String, String> env = stringMap(at(find(docs, "ConfigMap", "parley-edge-env"), "data"));
        Object cpuLimit = at(container(find(docs, "Deployment", "parley-edge")), "resources.limits.cpu");
        assertThat(env.get("QUARKUS_VERTX_EVENT_LOOPS_POOL_SIZE")).as("%s event loops", set)
                .isEqualTo(String.valueOf(cpuLimit));

        Map<String, String> quarkusDefault = stringMap(at(find(Chart.render("edge:\n  eventLoops: 0\n"), "ConfigMap",
                "parley-edge-env"), "data"));
        assertThat(quarkusDefault).doesNotContainKey("QUARKUS_VERTX_EVENT_LOOPS_POOL_SIZE");
    }

    @Test
    void externalSystemsReachEveryServiceThatNeedsThem() {
        List<Map<String, Object>> docs = Docs.parse(ValueSet.EVERYTHING.template());
        Map<String, String> edge = stringMap(at(find(docs, "ConfigMap", "parley-edge-env"), "data"));
        assertThat(edge).containsEntry("QUARKUS_REDIS_CLIENT_TYPE", "sentinel")
                .containsEntry("QUARKUS_REDIS_MASTER_NAME", "mymaster")
                .containsEntry("KAFKA_SASL_MECHANISM", "PLAIN")
                .containsEntry("PARLEY_AUTH_MODE", "oidc")
                .containsEntry("PARLEY_ENGINEIO_PING_INTERVAL", "20s")
                .containsKeys("QUARKUS_OIDC_AUTH_SERVER_URL", "QUARKUS_OIDC_CLIENT_ID", "QUARKUS_OIDC_TOKEN_AUDIENCE",
                        "KAFKA_BOOTSTRAP_SERVERS", "QUARKUS_REDIS_HOSTS", "PARLEY_ENGINEIO_CORS_ORIGINS",
                        "QUARKUS_CONFIG_LOCATIONS")
                .doesNotContainKey("QUARKUS_DATASOURCE_JDBC_URL");
        Map<String, String> persister = stringMap(at(find(docs, "ConfigMap", "parley-persister-env"), "data"));
        assertThat(persister).containsKeys("QUARKUS_DATASOURCE_JDBC_URL", "QUARKUS_DATASOURCE_REPLICA_JDBC_URL",
                "KAFKA_BOOTSTRAP_SERVERS").doesNotContainKey("QUARKUS_REDIS_HOSTS");
        // every service reads the caller from the same provider, with the same claims
        for (String service : List.of("edge", "persister", "insights", "notifier")) {
            Map<String, String> env = stringMap(at(find(docs, "ConfigMap", "parley-" + service + "-env"), "data"));
            assertThat(env).as(service).containsEntry("QUARKUS_OIDC_ROLES_ROLE_CLAIM_PATH", "realm_access/roles")
                    .containsEntry("PARLEY_AUTH_USER_ID_CLAIM", "sub").containsEntry("PARLEY_AUTH_NAME_CLAIM", "name")
                    .containsKeys("QUARKUS_OIDC_AUTH_SERVER_URL", "QUARKUS_OIDC_TOKEN_AUDIENCE");
        }
        Map<String, String> notifier = stringMap(at(find(docs, "ConfigMap", "parley-notifier-env"), "data"));
        assertThat(notifier).containsKeys("QUARKUS_DATASOURCE_JDBC_URL", "QUARKUS_REDIS_HOSTS",
                "PARLEY_NOTIFIER_APNS_KEY_ID", "PARLEY_NOTIFIER_FCM_SERVICE_ACCOUNT_FILE");

        List<Object> edgeEnv = list(container(find(docs, "Deployment", "parley-edge")).get("env"));
        assertThat(edgeEnv).map(e -> at(e, "name")).contains("QUARKUS_REDIS_PASSWORD", "KAFKA_SASL_JAAS_CONFIG",
                "QUARKUS_OIDC_CREDENTIALS_SECRET").doesNotContain("QUARKUS_DATASOURCE_PASSWORD");
        assertThat(edgeEnv).filteredOn(e -> "KAFKA_SASL_JAAS_CONFIG".equals(at(e, "name")))
                .singleElement().satisfies(e -> assertThat((String) at(e, "value"))
                        .startsWith("org.apache.kafka.common.security.plain.PlainLoginModule required")
                        .contains("$(KAFKA_SASL_PASSWORD)"));

        Map<String, String> properties = stringMap(at(find(docs, "ConfigMap", "parley-edge-config"), "data"));
        assertThat(properties.get("application.properties")).contains("quarkus.log.category.\"io.parley\".level=DEBUG");
    }

    @Test
    void imageTagDefaultsToTheAppVersion() throws Exception {
        String appVersion = (String) new org.yaml.snakeyaml.Yaml()
                .<Map<String, Object>>load(java.nio.file.Files.readString(Chart.chartDir().resolve("Chart.yaml")))
                .get("appVersion");
        List<Map<String, Object>> docs = Docs.parse(ValueSet.DEFAULTS.template());
        assertThat(ofKind(docs, "Deployment")).hasSize(4).allSatisfy(d -> assertThat((String) container(d).get("image"))
                .isEqualTo("ghcr.io/parley/chat-" + ChartRenderTest.component(d) + ":" + appVersion));
        List<Map<String, Object>> pinned = Chart.render("edge:\n  image:\n    tag: 9.9.9\n");
        assertThat((String) container(find(pinned, "Deployment", "parley-edge")).get("image")).endsWith(":9.9.9");
        assertThat(name(find(pinned, "Deployment", "parley-edge"))).isEqualTo("parley-edge");
    }
}
