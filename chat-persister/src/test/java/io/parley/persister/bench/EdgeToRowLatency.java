package io.parley.persister.bench;

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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import org.json.JSONObject;

import io.parley.persister.TestStack;
import io.socket.client.IO;
import io.socket.client.Socket;

/**
 * Benchmark (a program, not a test) of the whole pipeline through a running edge and persister:
 * Socket.IO clients send {@code message:send} at a fixed total rate, spread over many sockets (each
 * in a room of its own); the program records when each message was sent, when its ack came
 * (after Kafka acknowledged it), and reads from PostgreSQL when its row was committed
 * ({@code stored_at}, the database's clock on the same machine). Prints send->ack and send->row
 * percentiles and the persister's throughput (rows per second between the first and the last
 * row's stored_at).
 * <p>
 * Arguments (system properties): bench.edge (http://127.0.0.1:7001), bench.rate (5000 per second),
 * bench.seconds (10), bench.sockets (200), bench.body (100 chars). The edge must run without the
 * per-user/IP/socket send limits (see docs/persister.md for the command).
 */
public final class EdgeToRowLatency {

    public static void main(String[] args) {
        int status;
        try {
            status = run();
        } catch (Throwable t) {
            t.printStackTrace();
            status = 2;
        }
        // the Socket.IO client's threads are not daemons: end here
        System.exit(status);
    }

    private static int run() throws Exception {
        URI edge = URI.create(System.getProperty("bench.edge", "http://127.0.0.1:7001"));
        int rate = Integer.getInteger("bench.rate", 5000);
        int seconds = Integer.getInteger("bench.seconds", 10);
        int socketCount = Integer.getInteger("bench.sockets", 200);
        String body = "x".repeat(Integer.getInteger("bench.body", 100));
        String prefix = TestStack.room("bench-e2e");
        int total = rate * seconds;

        List<Socket> sockets = new ArrayList<>();
        CountDownLatch connected = new CountDownLatch(socketCount);
        for (int i = 0; i < socketCount; i++) {
            Socket socket = IO.socket(edge, IO.Options.builder().setAuth(Map.of("userId", "bench-u" + i))
                    .setTransports(new String[] { "websocket" }).setReconnection(false).setForceNew(true).build());
            socket.once(Socket.EVENT_CONNECT, a -> connected.countDown());
            socket.connect();
            sockets.add(socket);
        }
        if (!connected.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("only " + (socketCount - connected.getCount()) + " sockets connected");
        }
        CountDownLatch joined = new CountDownLatch(socketCount);
        for (int i = 0; i < socketCount; i++) {
            sockets.get(i).emit("room:join", new Object[] { new JSONObject().put("roomId", prefix + "-" + i) },
                    a -> joined.countDown());
        }
        joined.await(60, TimeUnit.SECONDS);

        // warm-up: one message per socket, acked
        CountDownLatch warm = new CountDownLatch(socketCount);
        for (int i = 0; i < socketCount; i++) {
            sockets.get(i).emit("message:send", new Object[] { new JSONObject().put("roomId", prefix + "-" + i)
                    .put("body", "warm-up").put("clientMsgId", "warm") }, a -> warm.countDown());
        }
        warm.await(60, TimeUnit.SECONDS);

        long[] sentWallMs = new long[total];
        long[] sentNanos = new long[total];
        long[] ackNanos = new long[total];
        Map<String, Integer> idToIndex = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> errors = new ConcurrentHashMap<>();
        CountDownLatch acked = new CountDownLatch(total);
        long start = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long due = start + (long) (i * (1e9 / rate));
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            int index = i;
            int s = i % socketCount;
            sentWallMs[i] = System.currentTimeMillis();
            sentNanos[i] = System.nanoTime();
            sockets.get(s).emit("message:send", new Object[] { new JSONObject().put("roomId", prefix + "-" + s)
                    .put("body", body).put("clientMsgId", "b" + i) }, a -> {
                        ackNanos[index] = System.nanoTime();
                        JSONObject ack = (JSONObject) a[0];
                        if (ack.optBoolean("ok")) {
                            idToIndex.put(ack.optString("id"), index);
                        } else {
                            errors.computeIfAbsent(ack.optJSONObject("error").optString("code") + " (" + ack.optJSONObject("error").optString("message") + ")", k -> new AtomicInteger())
                                    .incrementAndGet();
                        }
                        acked.countDown();
                    });
        }
        long sendEnd = System.nanoTime();
        boolean allAcked = acked.await(60, TimeUnit.SECONDS);
        long ackEnd = System.nanoTime();

        // rows: wait until every acked message is stored
        int ok = idToIndex.size();
        Map<String, Long> storedAt = new HashMap<>();
        long deadline = System.currentTimeMillis() + 180_000;
        while (System.currentTimeMillis() < deadline) {
            storedAt = storedAt(prefix);
            if (storedAt.keySet().containsAll(idToIndex.keySet())) {
                break;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(500));
        }
        long[] ackLatency = new long[ok];
        long[] rowLatency = new long[ok];
        int n = 0;
        int missing = 0;
        long firstRow = Long.MAX_VALUE;
        long lastRow = Long.MIN_VALUE;
        for (Map.Entry<String, Integer> e : idToIndex.entrySet()) {
            Long at = storedAt.get(e.getKey());
            if (at == null) {
                missing++;
                continue;
            }
            int i = e.getValue();
            ackLatency[n] = (ackNanos[i] - sentNanos[i]) / 1_000;
            rowLatency[n] = (at - sentWallMs[i]) * 1_000;
            firstRow = Math.min(firstRow, at);
            lastRow = Math.max(lastRow, at);
            n++;
        }
        ackLatency = Arrays.copyOf(ackLatency, n);
        rowLatency = Arrays.copyOf(rowLatency, n);
        Arrays.sort(ackLatency);
        Arrays.sort(rowLatency);

        System.out.printf(Locale.ROOT, "edge -> Kafka -> persister -> PostgreSQL: %d messages of %d chars, %d sockets "
                + "(one room each), offered %d msg/s for %d s%n", total, body.length(), socketCount, rate, seconds);
        System.out.printf(Locale.ROOT, "  sent at %.0f msg/s; acks: %d ok, errors %s%s%n",
                total / ((sendEnd - start) / 1e9), ok, new TreeMap<>(errors), allAcked ? "" : " (some acks missing)");
        System.out.printf(Locale.ROOT, "  acked at %.0f msg/s (first send to last ack)%n", ok / ((ackEnd - start) / 1e9));
        System.out.printf(Locale.ROOT, "  send -> ack (Kafka acks=all): %s%n", percentiles(ackLatency));
        System.out.printf(Locale.ROOT, "  send -> row committed:        %s (1 ms resolution)%n", percentiles(rowLatency));
        System.out.printf(Locale.ROOT, "  persister: %d rows stored, %d acked but missing; %.0f rows/s (first to last stored_at, %d ms)%n",
                n, missing, n * 1000.0 / Math.max(1, lastRow - firstRow), lastRow - firstRow);
        sockets.forEach(Socket::close);
        return missing == 0 && allAcked ? 0 : 1;
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
