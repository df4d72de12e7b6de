package io.parley.persister.bench;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.parley.persister.TestStack;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;

/**
 * Benchmark (a program, not a test) of the whole pipeline through a running edge and persister:
 * Socket.IO clients send {@code message:send} at a fixed total rate, spread over many sockets (each
 * in a room of its own); the program records when each message was sent, when its ack came
 * (after Kafka acknowledged it), and reads from PostgreSQL when its row was committed
 * ({@code stored_at}, the database's clock on the same machine). Prints send->ack and send->row
 * percentiles, the persister's throughput (rows per second between the first and the last row's
 * stored_at) and the CPU this program and the edge used while sending.
 * <p>
 * The clients speak raw Engine.IO v4 / Socket.IO v5 frames over WebSocket on one Vert.x event loop
 * (a timer sends what is due every millisecond), so that the program costs the machine little next
 * to the edge, Kafka, the persister and PostgreSQL it shares the cores with. A warm-up at the same
 * rate comes first (its messages are not measured), until the edge's JIT has compiled the path
 * ({@link #warmUp}).
 * <p>
 * Arguments (system properties): bench.edge (http://127.0.0.1:7001), bench.rate (5000 per second),
 * bench.seconds (10), bench.warmup.seconds (10: the warm-up's minimum), bench.warmup.max.seconds (180),
 * bench.sockets (200), bench.body (100 chars), bench.edge.pid (the edge's process, for its CPU and its JIT's;
 * optional), bench.persister.pid (the persister's, for its JIT's; optional). The edge must run without the
 * per-user/IP/socket send limits (see docs/persister.md for the command).
 */
public final class EdgeToRowLatency {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ENGINE_IO_PATH = "/socket.io/?EIO=4&transport=websocket";
    /** The warm-up's step: the edge's JIT activity is judged over this many seconds. */
    private static final int WARMUP_CHUNK_SECONDS = 5;

    public static void main(String[] args) {
        int status;
        try {
            status = run();
        } catch (Throwable t) {
            t.printStackTrace();
            status = 2;
        }
        System.exit(status);
    }

    private static int run() throws Exception {
        URI edge = URI.create(System.getProperty("bench.edge", "http://127.0.0.1:7001"));
        int rate = Integer.getInteger("bench.rate", 5000);
        int seconds = Integer.getInteger("bench.seconds", 10);
        int warmupSeconds = Integer.getInteger("bench.warmup.seconds", 10);
        int socketCount = Integer.getInteger("bench.sockets", 200);
        String body = "x".repeat(Integer.getInteger("bench.body", 100));
        int maxWarmupSeconds = Integer.getInteger("bench.warmup.max.seconds", 180);
        String edgePid = System.getProperty("bench.edge.pid", "");
        String persisterPid = System.getProperty("bench.persister.pid", "");
        String prefix = TestStack.room("bench-e2e");
        int total = rate * seconds;

        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
        try {
            Context loop = vertx.getOrCreateContext();
            WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions()
                    .setMaxFrameSize(1 << 20).setMaxMessageSize(1 << 20));
            List<BenchSocket> sockets = new ArrayList<>();
            CountDownLatch joined = new CountDownLatch(socketCount);
            for (int i = 0; i < socketCount; i++) {
                sockets.add(new BenchSocket(i, prefix + "-" + i, joined));
            }
            loop.runOnContext(v -> sockets.forEach(s -> s.connect(client, edge)));
            if (!joined.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException((socketCount - joined.getCount()) + " of " + socketCount
                        + " sockets connected and joined: " + firstFailure(sockets));
            }

            if (warmupSeconds > 0) {
                warmUp(vertx, loop, sockets, rate, warmupSeconds, Math.max(warmupSeconds, maxWarmupSeconds), body,
                        edgePid, persisterPid);
            }

            long cpuBefore = ownCpuNanos();
            long edgeCpuBefore = ProcessCpu.totalNanos(edgePid);
            long edgeJitBefore = ProcessCpu.jitCompilerNanos(edgePid);
            Phase measured = new Phase(sockets, "b", rate, total, body);
            loop.runOnContext(v -> measured.start(vertx));
            boolean allAcked = measured.await(seconds + 60L);
            long cpuNanos = ownCpuNanos() - cpuBefore;
            // with acks missing, the window ends when the wait for them gave up
            long windowNanos = (allAcked ? measured.lastAckNanos : System.nanoTime()) - measured.startNanos;
            double window = windowNanos / 1e9;
            double edgePercent = ProcessCpu.percentOfACore(edgeCpuBefore, ProcessCpu.totalNanos(edgePid), windowNanos);
            double edgeJitPercent = ProcessCpu.percentOfACore(edgeJitBefore, ProcessCpu.jitCompilerNanos(edgePid),
                    windowNanos);

            // rows: wait until every acked message is stored
            Map<String, Long> storedAt = new HashMap<>();
            long deadline = System.currentTimeMillis() + 180_000;
            while (System.currentTimeMillis() < deadline) {
                storedAt = storedAt(prefix);
                if (storedAt.keySet().containsAll(measured.idToIndex.keySet())) {
                    break;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(500));
            }
            int ok = measured.idToIndex.size();
            long[] ackLatency = new long[ok];
            long[] rowLatency = new long[ok];
            int n = 0;
            int missing = 0;
            long firstRow = Long.MAX_VALUE;
            long lastRow = Long.MIN_VALUE;
            for (Map.Entry<String, Integer> e : measured.idToIndex.entrySet()) {
                Long at = storedAt.get(e.getKey());
                if (at == null) {
                    missing++;
                    continue;
                }
                int i = e.getValue();
                ackLatency[n] = (measured.ackNanos[i] - measured.sentNanos[i]) / 1_000;
                rowLatency[n] = (at - measured.sentWallMs[i]) * 1_000;
                firstRow = Math.min(firstRow, at);
                lastRow = Math.max(lastRow, at);
                n++;
            }
            ackLatency = Arrays.copyOf(ackLatency, n);
            rowLatency = Arrays.copyOf(rowLatency, n);
            Arrays.sort(ackLatency);
            Arrays.sort(rowLatency);

            System.out.printf(Locale.ROOT, "edge -> Kafka -> persister -> PostgreSQL: %d messages of %d chars, "
                    + "%d sockets (one room each), offered %d msg/s for %d s%n", total, body.length(), socketCount,
                    rate, seconds);
            System.out.printf(Locale.ROOT, "  sent at %.0f msg/s; acks: %d ok, errors %s%s%n",
                    total / ((measured.lastSendNanos - measured.startNanos) / 1e9), ok,
                    new TreeMap<>(measured.errors), allAcked ? "" : " (some acks missing)");
            System.out.printf(Locale.ROOT, "  acked at %.0f msg/s (first send to last ack)%n", ok / window);
            System.out.printf(Locale.ROOT, "  send -> ack (Kafka acks=all): %s%n", percentiles(ackLatency));
            System.out.printf(Locale.ROOT, "  send -> row committed:        %s (1 ms resolution)%n",
                    percentiles(rowLatency));
            System.out.printf(Locale.ROOT, "  persister: %d rows stored, %d acked but missing; %.0f rows/s (first to last "
                    + "stored_at, %d ms)%n", n, missing, n * 1000.0 / Math.max(1, lastRow - firstRow),
                    lastRow - firstRow);
            System.out.printf(Locale.ROOT, "  cpu: load generator %.0f%% of a core, edge %s (first send to last ack)%n",
                    100.0 * cpuNanos / 1e9 / window,
                    edgePercent < 0 ? "unknown" : String.format(Locale.ROOT, "%.0f%% of a core", edgePercent)
                            + (edgeJitPercent < 0 ? "" : String.format(Locale.ROOT, " (JIT compilers %.0f%%)",
                                    edgeJitPercent)));
            return missing == 0 && allAcked ? 0 : 1;
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    /**
     * Sends at the measured rate, unmeasured, in chunks of {@link #WARMUP_CHUNK_SECONDS}, for at least
     * {@code minSeconds} and then until the JIT compiler threads of the edge and of the persister each used
     * less than {@link ProcessCpu#JIT_SETTLED_PERCENT} % of a core over the last chunk (at most
     * {@code maxSeconds}). On a loaded 2-core machine a cold edge's C1/C2 compilers take 30-45 % of a core for
     * the first minute or more of this load, and the persister, warmed up by larger batches before, compiles
     * its per-transaction path anew at this rate's smaller ones; a measurement inside that time measures
     * the JIT. A process whose pid is not known is not waited for.
     */
    private static void warmUp(Vertx vertx, Context loop, List<BenchSocket> sockets, int rate, int minSeconds,
            int maxSeconds, String body, String edgePid, String persisterPid) throws InterruptedException {
        long begin = System.nanoTime();
        int messages = 0;
        int ok = 0;
        double edgeJit = -1;
        double persisterJit = -1;
        int elapsed = 0;
        boolean settled = false;
        for (int chunk = 1; elapsed < maxSeconds; chunk++) {
            int seconds = Math.min(WARMUP_CHUNK_SECONDS, maxSeconds - elapsed);
            long edgeBefore = ProcessCpu.jitCompilerNanos(edgePid);
            long persisterBefore = ProcessCpu.jitCompilerNanos(persisterPid);
            long chunkBegin = System.nanoTime();
            Phase warmup = new Phase(sockets, "w" + chunk + "-", rate, rate * seconds, body);
            loop.runOnContext(v -> warmup.start(vertx));
            warmup.await(seconds + 60L);
            long chunkNanos = System.nanoTime() - chunkBegin;
            edgeJit = ProcessCpu.percentOfACore(edgeBefore, ProcessCpu.jitCompilerNanos(edgePid), chunkNanos);
            persisterJit = ProcessCpu.percentOfACore(persisterBefore, ProcessCpu.jitCompilerNanos(persisterPid),
                    chunkNanos);
            messages += warmup.count;
            ok += warmup.acksOk();
            elapsed = (int) Math.round((System.nanoTime() - begin) / 1e9);
            settled = elapsed >= minSeconds && edgeJit < ProcessCpu.JIT_SETTLED_PERCENT
                    && persisterJit < ProcessCpu.JIT_SETTLED_PERCENT;
            if (settled) {
                break;
            }
        }
        String jit = String.format(Locale.ROOT, "JIT compilers %s: edge %s, persister %s of a core over the last %d s",
                settled ? "settled" : "had not settled", watched(edgeJit), watched(persisterJit), WARMUP_CHUNK_SECONDS);
        System.out.printf(Locale.ROOT, "warm-up: %d s (%s), %d messages at %d msg/s, %d acked ok, %d refused%n",
                elapsed, jit, messages, rate, ok, messages - ok);
    }

    private static String watched(double percent) {
        return percent < 0 ? "not watched" : String.format(Locale.ROOT, "%.1f%%", percent);
    }

    /** One Socket.IO client: connects, joins its room, sends on request, reads acks; runs on the loop only. */
    private static final class BenchSocket {
        final int index;
        final String room;
        final CountDownLatch joined;
        /** Ack id -> the send it answers (a late warm-up ack must not count in the measured phase). */
        final Map<Integer, PendingAck> pendingAcks = new HashMap<>();
        WebSocket ws;
        int nextAckId = 1;
        volatile String failure;

        BenchSocket(int index, String room, CountDownLatch joined) {
            this.index = index;
            this.room = room;
            this.joined = joined;
        }

        void connect(WebSocketClient client, URI edge) {
            client.connect(new WebSocketConnectOptions().setHost(edge.getHost()).setPort(edge.getPort())
                    .setURI(ENGINE_IO_PATH)).onSuccess(ws -> {
                        this.ws = ws;
                        ws.textMessageHandler(this::onText);
                        ws.exceptionHandler(e -> failure = e.toString());
                    }).onFailure(e -> failure = e.toString());
        }

        void onText(String frame) {
            if (frame.startsWith("43")) {
                onAck(frame);
            } else if (frame.equals("2")) {
                ws.writeTextMessage("3");
            } else if (frame.startsWith("0")) {
                ws.writeTextMessage("40{\"userId\":\"bench-u" + index + "\"}");
            } else if (frame.startsWith("40")) {
                ws.writeTextMessage("420[\"room:join\",{\"roomId\":\"" + room + "\"}]");
            } else if (frame.startsWith("44")) {
                failure = "connect refused: " + frame;
            }
            // "42[...]": the room's message:new, the sender's own copy; not measured here
        }

        private void onAck(String frame) {
            int bracket = frame.indexOf('[');
            int ackId = Integer.parseInt(frame, 2, bracket, 10);
            JsonNode ack;
            try {
                ack = JSON.readTree(frame.substring(bracket)).get(0);
            } catch (Exception e) {
                failure = "unreadable ack " + frame;
                return;
            }
            if (ackId == 0) {
                if (ack.path("ok").asBoolean()) {
                    joined.countDown();
                } else {
                    failure = "join refused: " + frame;
                }
                return;
            }
            PendingAck pending = pendingAcks.remove(ackId);
            if (pending != null) {
                pending.phase().acked(pending.message(), ack);
            }
        }

        void send(Phase phase, int message, String body) {
            int ackId = nextAckId++;
            pendingAcks.put(ackId, new PendingAck(phase, message));
            ObjectNode payload = JSON.createObjectNode().put("roomId", room).put("body", body)
                    .put("clientMsgId", phase.label + message);
            ws.writeTextMessage("42" + ackId + "[\"message:send\"," + payload + "]");
        }
    }

    private record PendingAck(Phase phase, int message) {
    }

    /** Sends {@code count} messages at {@code rate} over the sockets in turn; records send and ack times. */
    private static final class Phase {
        final List<BenchSocket> sockets;
        final String label;
        final int rate;
        final int count;
        final String body;
        final long[] sentWallMs;
        final long[] sentNanos;
        final long[] ackNanos;
        // concurrent: read by the main thread once the acks are in, or while late ones still arrive
        final Map<String, Integer> idToIndex = new ConcurrentHashMap<>();
        final Map<String, Integer> errors = new ConcurrentHashMap<>();
        final CountDownLatch acked;
        long startNanos;
        long lastSendNanos;
        long lastAckNanos;
        int sent;

        Phase(List<BenchSocket> sockets, String label, int rate, int count, String body) {
            this.sockets = sockets;
            this.label = label;
            this.rate = rate;
            this.count = count;
            this.body = body;
            this.sentWallMs = new long[count];
            this.sentNanos = new long[count];
            this.ackNanos = new long[count];
            this.acked = new CountDownLatch(count);
        }

        void start(Vertx vertx) {
            startNanos = System.nanoTime();
            vertx.setPeriodic(1, timer -> {
                long due = Math.min(count, (System.nanoTime() - startNanos) * rate / 1_000_000_000L + 1);
                while (sent < due) {
                    int i = sent++;
                    sentWallMs[i] = System.currentTimeMillis();
                    sentNanos[i] = System.nanoTime();
                    sockets.get(i % sockets.size()).send(this, i, body);
                }
                if (sent == count) {
                    lastSendNanos = System.nanoTime();
                    vertx.cancelTimer(timer);
                }
            });
        }

        void acked(int message, JsonNode ack) {
            ackNanos[message] = System.nanoTime();
            lastAckNanos = ackNanos[message];
            if (ack.path("ok").asBoolean()) {
                idToIndex.put(ack.path("id").asText(), message);
            } else {
                JsonNode error = ack.path("error");
                errors.merge(error.path("code").asText() + " (" + error.path("message").asText() + ")", 1,
                        Integer::sum);
            }
            acked.countDown();
        }

        /** Waits for every ack; the fields are safe to read afterwards (the latch orders them). */
        boolean await(long seconds) throws InterruptedException {
            return acked.await(seconds, TimeUnit.SECONDS);
        }

        int acksOk() {
            return idToIndex.size();
        }
    }

    private static String firstFailure(List<BenchSocket> sockets) {
        return sockets.stream().map(s -> s.failure).filter(f -> f != null).findFirst().orElse("no error seen");
    }

    private static long ownCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static Map<String, Long> storedAt(String prefix) throws Exception {
        Map<String, Long> rows = new HashMap<>();
        try (Connection c = TestStack.jdbc(); PreparedStatement s = c.prepareStatement(
                "SELECT id::text, (extract(epoch FROM stored_at) * 1000)::bigint FROM messages WHERE room_id LIKE ?")) {
            s.setString(1, prefix + "-%");
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return rows;
    }

    /** p50, p90, p99, p99.9 and max of sorted microseconds, in ms. */
    private static String percentiles(long[] sortedMicros) {
        if (sortedMicros.length == 0) {
            return "no samples";
        }
        return String.format(Locale.ROOT, "p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, p99.9 %.1f ms, max %.1f ms",
                at(sortedMicros, 0.50), at(sortedMicros, 0.90), at(sortedMicros, 0.99), at(sortedMicros, 0.999),
                sortedMicros[sortedMicros.length - 1] / 1000.0);
    }

    private static double at(long[] sorted, double q) {
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] / 1000.0;
    }
}
