package io.parley.bench.loadgen;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The load generator's options, parsed from {@code --name value} command-line arguments. */
public final class LoadGenConfig {

    /** What the run does. */
    public enum Mode {
        /** Chat traffic: clients join rooms, publishers send, receivers account for every delivery. */
        CHAT,
        /** Connect (and join) every client, report handshakes, disconnect. */
        CONNECT_ONLY,
        /** Connect (and join) every client and hold the connections idle for the duration; server RSS per connection. */
        IDLE,
        /** Churn: a fixed number of concurrent slots connect, complete the handshake and close, for the duration. */
        STORM
    }

    String url = "http://127.0.0.1:7101";
    List<Endpoint> endpoints;
    String host;
    int port;
    String path = "/socket.io/";
    Mode mode = Mode.CHAT;
    int clients = 200;
    int rooms = 20;
    int publishers = 20;
    double rate;
    int window = 1;
    int payload = 128;
    long durationMillis = 10_000;
    long warmupMillis = 2_000;
    long drainMillis = 5_000;
    long connectTimeoutMillis = 60_000;
    int connectConcurrency = 200;
    int eventLoops = Math.min(2, Runtime.getRuntime().availableProcessors());
    List<Long> serverPids = List.of();
    boolean join = true;
    boolean nativeTransport = true;
    boolean vertxFrames;
    String label = "";
    /** Chat modes: write deliveries per 10 ms of wall-clock time to this file ({@link LatencyTrace}). */
    String latencyTraceFile;
    long slowMillis = 10;

    public static final String USAGE = String.join("\n",
            "Usage: java -jar loadgen.jar [options]",
            "  --url URL[,URL...]        server base URL(s) (http:// or ws://, loopback only); with several,",
            "                            the members of each room are spread over them (e.g. two nodes behind Redis)",
            "                            [http://127.0.0.1:7101]",
            "  --path PATH               Socket.IO path [/socket.io/]",
            "  --clients N               simulated users [200]",
            "  --rooms R                 rooms; client c joins room c % R [20]",
            "  --publishers P            clients 0..P-1 publish into their room [20]",
            "  --rate MSGS_PER_S         total send rate over all publishers; 0 = closed loop [0]",
            "  --window W                closed loop: sends in flight per publisher [1]",
            "  --payload BYTES           message body size [128]",
            "  --duration T              measured time, e.g. 10s, 500ms, 2m [10s]",
            "  --warmup T                traffic before measuring [2s]",
            "  --drain T                 max wait for in-flight deliveries after the window [5s]",
            "  --connect-timeout T       max time to connect all clients [60s]",
            "  --connect-concurrency C   handshakes in flight at once (storm: concurrent slots) [200]",
            "  --event-loops N           Vert.x event loops [min(2, cores)]",
            "  --server-pid PID[,PID]    sample these processes' CPU and RSS (summed) from /proc",
            "  --no-join                 connection modes: do not join rooms",
            "  --nio                     use Java NIO instead of the native epoll transport",
            "  --vertx-frames            receive and send through Vert.x's WebSocket API (a String per frame,",
            "                            a context dispatch) instead of straight on the Netty pipeline; for A/B",
            "  --connect-only            connect every client, report handshakes, disconnect",
            "  --idle                    connect every client and hold idle for --duration; RSS per connection",
            "  --storm                   connect/handshake/close churn for --duration; handshakes per second",
            "  --label TEXT              free text copied into the JSON result",
            "  --latency-trace FILE      chat modes: per 10 ms of wall-clock time, deliveries, those slower than",
            "                            --slow-ms, and the longest, to line up with the server's GC/JFR logs",
            "  --slow-ms N               the trace's threshold [10]",
            "  --help");

    public static LoadGenConfig parse(String[] args) {
        LoadGenConfig c = new LoadGenConfig();
        List<String> rest = new ArrayList<>(List.of(args));
        while (!rest.isEmpty()) {
            String name = rest.remove(0);
            switch (name) {
                case "--connect-only": c.mode = Mode.CONNECT_ONLY; continue;
                case "--idle": c.mode = Mode.IDLE; continue;
                case "--storm": c.mode = Mode.STORM; continue;
                case "--no-join": c.join = false; continue;
                case "--nio": c.nativeTransport = false; continue;
                case "--vertx-frames": c.vertxFrames = true; continue;
                case "--help": case "-h": throw new IllegalArgumentException("help");
                default: break;
            }
            if (rest.isEmpty()) {
                throw new IllegalArgumentException("missing value for " + name);
            }
            String value = rest.remove(0);
            switch (name) {
                case "--url": c.url = value; break;
                case "--path": c.path = value; break;
                case "--clients": c.clients = positiveInt(name, value); break;
                case "--rooms": c.rooms = positiveInt(name, value); break;
                case "--publishers": c.publishers = Integer.parseInt(value); break;
                case "--rate": c.rate = Double.parseDouble(value); break;
                case "--window": c.window = positiveInt(name, value); break;
                case "--payload": c.payload = Integer.parseInt(value); break;
                case "--duration": c.durationMillis = parseMillis(value); break;
                case "--warmup": c.warmupMillis = parseMillis(value); break;
                case "--drain": c.drainMillis = parseMillis(value); break;
                case "--connect-timeout": c.connectTimeoutMillis = parseMillis(value); break;
                case "--connect-concurrency": c.connectConcurrency = positiveInt(name, value); break;
                case "--event-loops": c.eventLoops = positiveInt(name, value); break;
                case "--server-pid":
                    List<Long> pids = new ArrayList<>();
                    for (String pid : value.split(",")) {
                        pids.add(Long.parseLong(pid.trim()));
                    }
                    c.serverPids = List.copyOf(pids);
                    break;
                case "--label": c.label = value; break;
                case "--latency-trace": c.latencyTraceFile = value; break;
                case "--slow-ms": c.slowMillis = positiveInt(name, value); break;
                default: throw new IllegalArgumentException("unknown option " + name);
            }
        }
        c.resolveUrl();
        c.validate();
        return c;
    }

    /** One server to connect to; see {@link #endpointIndex}. */
    public record Endpoint(String host, int port, String path) {
        public String websocketUrl() {
            return "ws://" + host + ":" + port + path;
        }
    }

    private void resolveUrl() {
        List<Endpoint> list = new ArrayList<>();
        for (String one : url.split(",")) {
            URI uri = URI.create(one.trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("ws")) {
                throw new IllegalArgumentException("--url must be http:// or ws:// (no TLS), got " + one);
            }
            if (!isLoopback(uri.getHost())) {
                throw new IllegalArgumentException("the load generator only targets loopback addresses, got "
                        + uri.getHost());
            }
            String p = uri.getPath() != null && uri.getPath().length() > 1 ? uri.getPath() : path;
            list.add(new Endpoint(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 80, p));
        }
        endpoints = List.copyOf(list);
        host = endpoints.get(0).host();
        port = endpoints.get(0).port();
        path = endpoints.get(0).path();
    }

    /**
     * Which endpoint a client connects to. Members of a room are spread over the endpoints (client c is member
     * c / rooms of room c % rooms), so with several nodes every room has members on each node and deliveries
     * must cross the adapter.
     */
    public int endpointIndex(int client) {
        return (client / Math.max(1, rooms)) % endpoints.size();
    }

    /** The targets as text, e.g. "ws://127.0.0.1:7201/socket.io/, ws://127.0.0.1:7202/socket.io/". */
    public String targets() {
        StringBuilder sb = new StringBuilder();
        for (Endpoint e : endpoints) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(e.websocketUrl());
        }
        return sb.toString();
    }

    static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.startsWith("127.") || h.equals("[::1]") || h.equals("::1");
    }

    private void validate() {
        if (mode == Mode.CHAT) {
            if (publishers < 1 || publishers > clients) {
                throw new IllegalArgumentException("need 1 <= --publishers <= --clients");
            }
            if (rooms > clients) {
                throw new IllegalArgumentException("need --rooms <= --clients");
            }
            if (rate < 0) {
                throw new IllegalArgumentException("--rate must be >= 0");
            }
        }
        if (payload < 0 || payload > 1_000_000) {
            throw new IllegalArgumentException("--payload must be 0..1000000");
        }
        if (durationMillis <= 0 && mode != Mode.CONNECT_ONLY) {
            throw new IllegalArgumentException("--duration must be > 0");
        }
    }

    static long parseMillis(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.endsWith("ms")) {
            return Long.parseLong(v.substring(0, v.length() - 2));
        }
        if (v.endsWith("s")) {
            return Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 1000);
        }
        if (v.endsWith("m")) {
            return Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 60_000);
        }
        return Math.round(Double.parseDouble(v) * 1000);
    }

    private static int positiveInt(String name, String value) {
        int v = Integer.parseInt(value);
        if (v < 1) {
            throw new IllegalArgumentException(name + " must be >= 1");
        }
        return v;
    }

    public boolean closedLoop() {
        return rate <= 0;
    }
}
