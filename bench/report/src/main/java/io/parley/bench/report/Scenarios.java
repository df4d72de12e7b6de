package io.parley.bench.report;

import java.util.List;

/** The scenarios of the suite, the servers each runs against, and the figures the report shows for it. */
public final class Scenarios {

    public static final String NODE = "node";
    public static final String NETTY = "netty-socketio";
    public static final String PARLEY = "parley";

    /** A figure of a result line: JSON key (or a derived one of {@link RunRecord#number}) and its column title. */
    public record Figure(String key, String title) {
    }

    /** One scenario of the suite. */
    public record Scenario(String id, String title, List<String> servers, List<Figure> figures, String note) {
    }

    private static final Figure DELIVERIES = new Figure("deliveriesPerS", "deliveries/s");
    private static final Figure P50 = new Figure("latencyP50Ms", "p50 ms");
    private static final Figure P99 = new Figure("latencyP99Ms", "p99 ms");
    private static final Figure SERVER_CPU = new Figure("serverCpuPct", "server CPU %");
    private static final Figure LOADGEN_CPU = new Figure("loadgenCpuPct", "loadgen CPU %");
    private static final Figure SERVER_JIT_CPU = new Figure("serverJitCpuPct", "server JIT CPU %");
    private static final Figure ERRORS = new Figure("deliveryErrors", "missing+dup+out-of-order");

    public static final List<Scenario> ALL = List.of(
            new Scenario("a", "(a) one node, 100 000 deliveries/s offered", List.of(NODE, NETTY, PARLEY),
                    List.of(DELIVERIES, P50, P99, SERVER_CPU, LOADGEN_CPU, ERRORS),
                    "1000 clients, 100 rooms of 10, 100 publishers at 10 000 msg/s in total, 128-byte bodies."),
            new Scenario("b", "(b) one node, closed loop to saturation", List.of(NODE, NETTY, PARLEY),
                    List.of(DELIVERIES, P50, P99, SERVER_CPU, LOADGEN_CPU),
                    "(a)'s topology; every publisher keeps BENCH_WINDOW (4) sends in flight."),
            new Scenario("c", "(c) two nodes behind Redis, 100 000 deliveries/s offered", List.of(NODE, PARLEY),
                    List.of(DELIVERIES, P50, P99, SERVER_CPU, SERVER_JIT_CPU, ERRORS),
                    "(a)'s load; the members of every room spread over both nodes. Server CPU sums both nodes and "
                            + "Redis; server JIT CPU is the JVM compiler threads' share of it (Node has none). "
                            + "netty-socketio has no Redis-backed variant here."),
            new Scenario("c-sat", "(c) two nodes behind Redis, closed loop to saturation", List.of(NODE, PARLEY),
                    List.of(DELIVERIES, P50, P99, SERVER_CPU, SERVER_JIT_CPU, LOADGEN_CPU, ERRORS),
                    "(c)'s topology in closed loop: the cluster's saturation throughput."),
            new Scenario("d", "(d) 10 000 idle connections", List.of(NODE, NETTY, PARLEY),
                    List.of(new Figure("rssKibPerConnection", "RSS KiB per connection"),
                            new Figure("connected", "connected"), new Figure("handshakesPerS", "connects/s"),
                            new Figure("holdServerCpuPct", "idle server CPU %")),
                    "Each run on a freshly started server; RSS after connecting minus RSS before, per connection."),
            new Scenario("d50k", "(d) 50 000 idle connections on one Parley node", List.of(PARLEY),
                    List.of(new Figure("connected", "connected"), new Figure("connectFailed", "failed"),
                            new Figure("rssKibPerConnection", "RSS KiB per connection")),
                    "Optional (BENCH_D50K=1 or bench/suite.sh d50k)."),
            new Scenario("e", "(e) connection storm", List.of(NODE, NETTY, PARLEY),
                    List.of(new Figure("handshakesPerS", "handshakes/s"), new Figure("handshakeP99Ms", "handshake p99 ms"),
                            new Figure("failed", "failed"), SERVER_CPU, SERVER_JIT_CPU, LOADGEN_CPU),
                    "BENCH_SLOTS (50) slots each connect, complete the Socket.IO CONNECT, close, again; measured after "
                            + "BENCH_STORM_WARMUP (90 s) of storm. Server JIT CPU is the JVM compiler threads' share "
                            + "(Node has none)."),
            new Scenario("f", "(f) persister: Kafka -> PostgreSQL, and send -> row through the edge", List.of(PARLEY),
                    List.of(new Figure("backlogPerS", "backlog msg/s"),
                            new Figure("backlogPersisterCpuUsPerMsg", "backlog: persister CPU us/msg"),
                            new Figure("backlogMachineCpuUsPerMsg", "backlog: machine CPU us/msg"),
                            new Figure("persistedPerS", "with producer msg/s"),
                            new Figure("machineCpuUsPerMsg", "with producer: machine CPU us/msg"),
                            new Figure("persisterRowP99Ms", "Kafka->row p99 ms"),
                            new Figure("e2eRowP50Ms", "send->row p50 ms"), new Figure("e2eRowP99Ms", "send->row p99 ms"),
                            new Figure("e2eAckErrors", "sends refused"), new Figure("e2eRowsMissing", "acked, not stored"),
                            new Figure("e2eEdgeCpuPct", "edge CPU %"), new Figure("e2eEdgeJitCpuPct", "edge JIT CPU %"),
                            new Figure("e2eLoadgenCpuPct", "clients CPU %"), new Figure("e2eWarmupS", "warm-up s"),
                            new Figure("e2eWarmupRefused", "warm-up refused")),
                    "Parley only (the reference servers persist nothing). Redis, PostgreSQL, Kafka, persister, edge "
                            + "and clients share both cores (not pinned). Throughput: rounds of 100 000 messages, "
                            + "unmeasured, until the persister's JIT compilers use less than 5 % of a core over a round, "
                            + "then 300 000 measured (encoded before the clock starts). The producer outruns the persister and "
                            + "finishes first: \"backlog\" is the rate at which the persister stores what is left in Kafka "
                            + "then, from the producer's end to the last row, with the load generator off the cores (the "
                            + "target's figure); \"with producer\" is first send to last row, the producer sharing the "
                            + "cores. CPU per message of the persister and of the whole machine (both cores: persister, "
                            + "PostgreSQL, broker, and the producer while it runs). Send -> row: 50 sockets at 5 000 msg/s, unmeasured for at least "
                            + "BENCH_F_WARMUP (40 s) and until the JIT compilers of the edge and the persister each use "
                            + "less than 5 % of a core over 5 s (at most BENCH_F_WARMUP_MAX, 180 s), then 10 s measured; "
                            + "CPU in % of one core over the measured sends."));

    private Scenarios() {
    }

    public static Scenario byId(String id) {
        return ALL.stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
    }
}
