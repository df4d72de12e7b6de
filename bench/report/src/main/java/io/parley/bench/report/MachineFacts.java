package io.parley.bench.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.vertx.core.json.JsonObject;

/** Facts about the machine and the versions measured, read when the report is rendered. */
public final class MachineFacts {

    private MachineFacts() {
    }

    /** Ordered label -> value. Anything that cannot be read says "unknown" with the reason. */
    public static Map<String, String> collect(Path repo) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("CPU", cpu());
        f.put("Memory (free -m)", firstLineStarting(run("free", "-m"), "Mem:"));
        f.put("Kernel", read(Path.of("/proc/sys/kernel/osrelease")).trim());
        f.put("Java (java -version)", firstLine(run("java", "-version")));
        f.put("Node.js (node -v)", firstLine(run("node", "-v")));
        f.put("socket.io / @socket.io/redis-adapter (package-lock.json)", lockVersions(repo));
        f.put("netty-socketio (bench/pom.xml)", pomProperty(repo.resolve("bench/pom.xml"), "netty-socketio.version"));
        f.put("Load generator: Vert.x (bench/pom.xml)", pomProperty(repo.resolve("bench/pom.xml"), "vertx.version"));
        f.put("Quarkus (pom.xml)", pomProperty(repo.resolve("pom.xml"), "quarkus.platform.version"));
        f.put("Redis (redis-server -v)", firstLine(run("redis-server", "-v")));
        f.put("Parley checkout when rendered (git)", firstLine(run("git", "-C", repo.toString(), "rev-parse",
                "--short=12", "HEAD")));
        return f;
    }

    static String cpu() {
        String info = read(Path.of("/proc/cpuinfo"));
        Matcher m = Pattern.compile("(?m)^model name\\s*:\\s*(.+)$").matcher(info);
        String model = m.find() ? m.group(1).trim() : "unknown model";
        long processors = info.lines().filter(l -> l.startsWith("processor")).count();
        return model + ", " + processors + " logical CPU(s) (/proc/cpuinfo); "
                + Runtime.getRuntime().availableProcessors() + " available to the JVM";
    }

    static String lockVersions(Path repo) {
        try {
            JsonObject lock = new JsonObject(Files.readString(repo.resolve("bench/node-server/package-lock.json")));
            JsonObject packages = lock.getJsonObject("packages", new JsonObject());
            String io = packages.getJsonObject("node_modules/socket.io", new JsonObject()).getString("version", "?");
            String adapter = packages.getJsonObject("node_modules/@socket.io/redis-adapter", new JsonObject())
                    .getString("version", "?");
            return "socket.io " + io + ", @socket.io/redis-adapter " + adapter;
        } catch (IOException | RuntimeException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    static String pomProperty(Path pom, String property) {
        Matcher m = Pattern.compile("<" + Pattern.quote(property) + ">([^<]+)</").matcher(read(pom));
        return m.find() ? m.group(1).trim() : "unknown";
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static String firstLine(String s) {
        return s.lines().findFirst().orElse("unknown").trim();
    }

    private static String firstLineStarting(String s, String prefix) {
        return s.lines().filter(l -> l.startsWith(prefix)).findFirst().map(l -> "total/used/free/shared/cache/available MiB: "
                + l.substring(prefix.length()).trim().replaceAll("\\s+", " / ")).orElse("unknown");
    }

    /** Output (stdout and stderr) of a short command, "unknown (...)" when it cannot run. */
    static String run(String... command) {
        try {
            Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readNBytes(64 * 1024);
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "unknown (" + command[0] + " did not answer in 10 s)";
            }
            String s = new String(out, StandardCharsets.UTF_8);
            return s.isBlank() ? "unknown (" + command[0] + " printed nothing)" : s;
        } catch (IOException e) {
            return "unknown (" + command[0] + ": " + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown (interrupted)";
        }
    }

    /** Keeps only the printable part of a fact for a Markdown table cell. */
    static String cell(String s) {
        List<String> parts = new ArrayList<>();
        for (String l : s.split("\n")) {
            if (!l.isBlank()) {
                parts.add(l.trim());
            }
        }
        return String.join(" ", parts).replace("|", "\\|");
    }
}
