package io.parley.persister.it;

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
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.parley.persister.TestStack;
import io.parley.persister.Tokens;

/**
 * One packaged service (a Quarkus fast-jar) started as a child process for a black-box IT: the
 * persister of this module, or the edge of the sibling module (built earlier in the reactor). The
 * environment is inherited, so the process uses the same Redis, Kafka and PostgreSQL as the tests
 * (stack/test.sh exports QUARKUS_REDIS_HOSTS, KAFKA_BOOTSTRAP_SERVERS, QUARKUS_DATASOURCE_JDBC_URL).
 * Stopped by its PID: SIGTERM, then SIGKILL after 20 s.
 */
public final class AppProcess implements AutoCloseable {

    /** The edge's fast-jar, relative to this module (the reactor builds chat-edge first). */
    public static final Path EDGE_JAR = Path.of("..", "chat-edge", "target", "quarkus-app", "quarkus-run.jar");
    public static final Path PERSISTER_JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");

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

    /**
     * Starts the persister on a free port (call {@link #awaitReady()}), authenticating callers with
     * the test stack's Keycloak (the packaged jar runs the prod profile), with short consumer sessions
     * (a stopped member must not hold partitions for 45 s).
     */
    public static AppProcess persister(String name) {
        int port = freePort();
        return start(name, PERSISTER_JAR, port, List.of(
                "-Dquarkus.oidc.auth-server-url=" + Tokens.realmUrl(),
                "-Dkafka.bootstrap.servers=" + TestStack.bootstrapServers(),
                "-Dmp.messaging.incoming.chat-messages-in.session.timeout.ms=6000",
                "-Dmp.messaging.incoming.chat-messages-in.heartbeat.interval.ms=1000",
                "-Dmp.messaging.incoming.user-events-in.session.timeout.ms=6000",
                "-Dmp.messaging.incoming.user-events-in.heartbeat.interval.ms=1000"));
    }

    /**
     * Starts an edge node on a free port (call {@link #awaitReady()}), insecure-dev identity (user id
     * from the CONNECT payload), reading history from that persister. With no user token to forward,
     * the node calls the persister as a service: a client-credentials token of parley-service (role
     * parley-service, which reads every room) as a fixed header, valid for the realm's 5 minutes.
     */
    public static AppProcess edge(String name, AppProcess persister, String... extra) {
        int port = freePort();
        List<String> args = new ArrayList<>(List.of(
                // insecure-dev is refused in the prod profile once the edge has OIDC: the e2e profile allows it
                "-Dquarkus.profile=e2e",
                "-Dparley.auth.mode=insecure-dev",
                "-Dquarkus.rest-client.persister.headers.Authorization=Bearer " + Tokens.service(),
                "-Dparley.cluster.node-id=" + name + "-" + UUID.randomUUID().toString().substring(0, 4),
                "-Dquarkus.rest-client.persister.url=http://127.0.0.1:" + persister.port(),
                "-Dkafka.bootstrap.servers=" + TestStack.bootstrapServers(),
                "-Dquarkus.shutdown.delay=0s"));
        args.addAll(List.of(extra));
        return start(name, EDGE_JAR, port, args);
    }

    private static AppProcess start(String name, Path jar, int port, List<String> args) {
        assertTrue(Files.exists(jar), jar.toAbsolutePath() + " is missing: package the module first");
        File log = Path.of("target", "it-" + name + ".log").toFile();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Dquarkus.http.port=" + port));
        command.addAll(args);
        command.addAll(List.of("-jar", jar.toString()));
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + name, e);
        }
        return new AppProcess(name, port, process, log);
    }

    /** Waits until the process answers /q/health/ready with 200 (at most 90 s); stops it if it does not. */
    public AppProcess awaitReady() {
        try {
            await(name + " ready").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300))
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

    /** Waits until all of them are ready (they start in parallel); stops them all if one is not. */
    public static void awaitReady(AppProcess... apps) {
        try {
            for (AppProcess app : apps) {
                app.awaitReady();
            }
        } catch (RuntimeException | Error e) {
            closeAll(apps);
            throw e;
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public int port() {
        return port;
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public long pid() {
        return process.pid();
    }

    public File log() {
        return log;
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

    /** Closes them all, in order, even if one fails. */
    public static void closeAll(AppProcess... apps) {
        for (AppProcess app : apps) {
            if (app != null) {
                app.close();
            }
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ", port " + port + ")";
    }
}
