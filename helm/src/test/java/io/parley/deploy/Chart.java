package io.parley.deploy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Renders the Parley chart (helm/parley) with helm-java and parses the documents it produces. */
final class Chart {

    static final String RELEASE = "parley";
    static final String NAMESPACE = "chat";

    private Chart() {
    }

    /** The repository's root (set by the module's surefire configuration). */
    static Path repoRoot() {
        return Path.of(System.getProperty("parley.repo.root", "..")).toAbsolutePath().normalize();
    }

    static Path chartDir() {
        return repoRoot().resolve("helm/parley");
    }

    static Helm helm() {
        return new Helm(chartDir());
    }

    /** Renders the chart with the given values files (later ones win) and returns its YAML. */
    static String template(Path... valuesFiles) {
        TemplateCommand template = helm().template().withName(RELEASE).withNamespace(NAMESPACE);
        for (Path file : valuesFiles) {
            template = template.withValuesFile(file);
        }
        return template.call();
    }

    /** Renders the chart with the given values (YAML text) on top of the defaults. */
    static List<Map<String, Object>> render(String valuesYaml) {
        return Docs.parse(template(valuesFile(valuesYaml)));
    }

    static Path valuesFile(String yaml) {
        try {
            Path file = Files.createTempFile("parley-values-", ".yaml");
            file.toFile().deleteOnExit();
            Files.writeString(file, yaml);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parsing and navigation of rendered Kubernetes documents. */
    static final class Docs {
        private Docs() {
        }

        static List<Map<String, Object>> parse(String multiDocYaml) {
            LoaderOptions options = new LoaderOptions();
            List<Map<String, Object>> docs = new ArrayList<>();
            for (Object doc : new Yaml(options).loadAll(multiDocYaml)) {
                if (doc != null) {
                    docs.add(map(doc));
                }
            }
            return docs;
        }

        static List<Map<String, Object>> ofKind(List<Map<String, Object>> docs, String kind) {
            return docs.stream().filter(d -> kind.equals(d.get("kind"))).toList();
        }

        static String name(Map<String, Object> doc) {
            return (String) map(doc.get("metadata")).get("name");
        }

        /** The value at a dotted path of map keys, or null. */
        static Object at(Object node, String dottedPath) {
            Object current = node;
            for (String key : dottedPath.split("\\.")) {
                if (!(current instanceof Map<?, ?> m)) {
                    return null;
                }
                current = m.get(key);
            }
            return current;
        }

        @SuppressWarnings("unchecked")
        static Map<String, Object> map(Object o) {
            return (Map<String, Object>) Objects.requireNonNull(o, "expected a map, found nothing");
        }

        @SuppressWarnings("unchecked")
        static List<Object> list(Object o) {
            return o == null ? List.of() : (List<Object>) o;
        }

        @SuppressWarnings("unchecked")
        static Map<String, String> stringMap(Object o) {
            return o == null ? Map.of() : (Map<String, String>) o;
        }
    }
}
