package io.parley.persister.it;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.parley.events.testing.ServiceProcess;
import io.parley.persister.TestStack;
import io.parley.persister.Tokens;

/**
 * The packaged services this module's black-box ITs start as child processes ({@link ServiceProcess}):
 * the persister of this module, or the edge of the sibling module (built earlier in the reactor).
 */
public final class AppProcess extends ServiceProcess {

    /** The edge's fast-jar, relative to this module (the reactor builds chat-edge first). */
    public static final Path EDGE_JAR = Path.of("..", "chat-edge", "target", "quarkus-app", "quarkus-run.jar");
    public static final Path PERSISTER_JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");

    private AppProcess(String name, Path jar, List<String> args) {
        super(name, jar, freePort(), args);
    }

    /**
     * Starts the persister on a free port (call {@link #awaitReady()}), authenticating callers with
     * the test stack's Keycloak (the packaged jar runs the prod profile), with short consumer sessions
     * (a stopped member must not hold partitions for 45 s).
     */
    public static AppProcess persister(String name) {
        return new AppProcess(name, PERSISTER_JAR, List.of(
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
        return new AppProcess(name, EDGE_JAR, args);
    }
}
