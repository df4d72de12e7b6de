package io.parley.events.testing;

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
 * One packaged Parley service (a Quarkus fast-jar) as a child process, for the modules' black-box
 * ITs (shared through this module's test-jar). The environment is inherited, so the process uses
 * the same Redis, Kafka, PostgreSQL and Keycloak as the tests (stack/test.sh exports their
 * addresses). Its output goes to {@code target/it-<name>.log}. Stopped by its PID: SIGTERM, then
 * SIGKILL after 20 s.
 */
public class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Duration READY_WITHIN = Duration.ofSeconds(240);

    private final String name;
    private final int port;
    private final Process process;
    private final File log;

    /** Starts {@code jar} on {@code port} with these extra JVM arguments; call {@link #awaitReady()}. */
    protected ServiceProcess(String name, Path jar, int port, List<String> args) {
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar.toAbsolutePath() + " is missing: package the module first");
        }
        this.name = name;
        this.port = port;
        this.log = Path.of("target", "it-" + name + ".log").toFile();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Dquarkus.http.port=" + port));
        command.addAll(args);
        command.addAll(List.of("-jar", jar.toString()));
        try {
            this.process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + name, e);
        }
    }

    /** Starts {@code jar} on a free port with these extra JVM arguments; call {@link #awaitReady()}. */
    public static ServiceProcess start(String name, Path jar, List<String> args) {
        return new ServiceProcess(name, jar, freePort(), args);
    }

    /** Waits until /q/health/ready answers 200 (at most 240 s); stops the process if it does not. */
    public ServiceProcess awaitReady() {
        long deadline = System.nanoTime() + READY_WITHIN.toNanos();
        try {
            while (!ready()) {
                if (!process.isAlive()) {
                    throw new IllegalStateException(name + " exited with " + process.exitValue() + ", see " + log);
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(name + " not ready within " + READY_WITHIN + ", see " + log);
                }
                Thread.sleep(300);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IllegalStateException("interrupted while waiting for " + name, e);
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
        return this;
    }

    private boolean ready() throws InterruptedException {
        try {
            return HTTP.send(HttpRequest.newBuilder(uri().resolve("/q/health/ready")).timeout(Duration.ofSeconds(5))
                    .build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false; // not listening yet
        }
    }

    /** Waits until all of them are ready (they start in parallel); stops them all if one is not. */
    public static void awaitReady(ServiceProcess... services) {
        try {
            for (ServiceProcess service : services) {
                service.awaitReady();
            }
        } catch (RuntimeException | Error e) {
            closeAll(services);
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
    public static void closeAll(ServiceProcess... services) {
        for (ServiceProcess service : services) {
            if (service != null) {
                service.close();
            }
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ", port " + port + ")";
    }
}
