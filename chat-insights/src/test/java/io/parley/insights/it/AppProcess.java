package io.parley.insights.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The packaged chat-insights (target/quarkus-app/quarkus-run.jar) as a child process for a black-box
 * IT. The environment is inherited, so it uses the same Kafka, PostgreSQL and Keycloak as the tests
 * (stack/test.sh exports KAFKA_BOOTSTRAP_SERVERS, QUARKUS_DATASOURCE_JDBC_URL,
 * QUARKUS_OIDC_AUTH_SERVER_URL). Stopped by its PID: SIGTERM, then SIGKILL after 20 s.
 */
public final class AppProcess implements AutoCloseable {

    public static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final int port;
    private final Process process;
    private final File log;

    private AppProcess(String name, int port, Process process, File log) {
        this.name = name;
        this.port = port;
        this.process = process;
        this.log = log;
    }

    /** Starts the service on a free port with these extra system properties; call {@link #awaitReady()}. */
    public static AppProcess start(String name, List<String> properties) {
        assertTrue(Files.exists(JAR), JAR.toAbsolutePath() + " is missing: package the module first");
        int port = freePort();
        File log = Path.of("target", "it-" + name + ".log").toFile();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Dquarkus.http.port=" + port));
        command.addAll(properties);
        command.addAll(List.of("-jar", JAR.toString()));
        try {
            return new AppProcess(name, port,
                    new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start(), log);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + name, e);
        }
    }

    /** Waits until /q/health/ready answers 200 (at most 240 s); stops the process if it does not. */
    public AppProcess awaitReady() {
        try {
            await(name + " ready").atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofMillis(300))
                    .ignoreExceptions().until(() -> {
                        assertTrue(process.isAlive(), name + " exited, see " + log);
                        return HTTP.send(HttpRequest.newBuilder(uri().resolve("/q/health/ready"))
                                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding())
                                .statusCode() == 200;
                    });
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
        return this;
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        // by PID: only the process this IT started
        ProcessHandle.of(process.pid()).ifPresent(ProcessHandle::destroy);
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                ProcessHandle.of(process.pid()).ifPresent(ProcessHandle::destroyForcibly);
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ", port " + port + ")";
    }
}
