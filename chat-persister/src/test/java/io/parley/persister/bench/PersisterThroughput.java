package io.parley.persister.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.parley.events.ChatMessageEvent;
import io.parley.events.EventJson;
import io.parley.events.Topics;
import io.parley.persister.TestStack;

/**
 * Benchmark (a program, not a test) of a running persister: it talks to the same Kafka and
 * PostgreSQL as the persister (application.properties, or KAFKA_BOOTSTRAP_SERVERS /
 * QUARKUS_DATASOURCE_JDBC_URL). Two phases, each on fresh rooms:
 * <ol>
 * <li>throughput: M messages, encoded before the clock starts, produced as fast as the producer goes;
 * messages/s from the first send to the last row's stored_at, and the CPU per message of the persister
 * (with bench.persister.pid), of the whole machine and of this program;</li>
 * <li>latency: K messages at a fixed rate; per message stored_at - ts (ts = the send time, epoch
 * ms, 1 ms resolution), percentiles computed by PostgreSQL.</li>
 * </ol>
 * Phase 1 also prints first row to last row: started with the persister stopped and
 * {@code -Dbench.warmup=false}, then the persister started once the producer is done, that is the
 * rate at which the persister drains a backlog, whatever the producer's speed on this machine.
 * <p>Phase 1 also prints the backlog's rate: the rows stored after the producer finished, over the time from
 * then to the last row, with the CPU per message of the persister and the machine over that time. The
 * producer is faster than the persister, so a backlog is left in Kafka; draining it is the persister's
 * throughput with the load generator off the cores (the rate at which it catches up after an outage).
 * <p>A warm-up comes first (unless {@code -Dbench.warmup=false}): rounds of bench.warmup.messages produced
 * and stored, unmeasured, until the persister's JIT compiler threads used less than
 * {@link ProcessCpu#JIT_SETTLED_PERCENT} % of a core over a round (at most bench.warmup.max.seconds; one
 * round without bench.persister.pid). A cold persister's compilers are still busy after 300 000 messages.
 * <p>Waiting for the rows polls the last message of every room (an index lookup each), not a count over
 * the table, so that the wait costs PostgreSQL next to nothing while it is being measured.
 * <p>Arguments (system properties): bench.messages (50000), bench.rooms (100), bench.body (100 chars),
 * bench.latency.messages (5000; 0 skips phase 2), bench.latency.rate (1000 per second), bench.warmup
 * (true), bench.warmup.messages (1000), bench.warmup.max.seconds (180), bench.persister.pid (the
 * persister's process; optional), bench.compression (the producer's compression.type, none). See
 * docs/persister.md.
 */
public final class PersisterThroughput {

    public static void main(String[] args) throws Exception {
        int messages = Integer.getInteger("bench.messages", 50_000);
        int rooms = Integer.getInteger("bench.rooms", 100);
        String body = "x".repeat(Integer.getInteger("bench.body", 100));
        int latencyMessages = Integer.getInteger("bench.latency.messages", 5_000);
        int rate = Integer.getInteger("bench.latency.rate", 1_000);
        boolean warmup = Boolean.parseBoolean(System.getProperty("bench.warmup", "true"));

        TestStack.ensureTopics();
        try (KafkaProducer<String, byte[]> producer = producer()) {
            if (warmup) {
                warmUp(producer, rooms, body);
            }

            String prefix = TestStack.room("bench-tput");
            // encoded before the clock and the CPU readings start: the figures are the persister's, not this
            // program's JSON
            List<ProducerRecord<String, byte[]>> records = encode(prefix, rooms, messages, body);
            String pid = System.getProperty("bench.persister.pid");
            String self = Long.toString(ProcessHandle.current().pid());
            long persisterBefore = ProcessCpu.totalNanos(pid);
            long producerBefore = ProcessCpu.totalNanos(self);
            long machineBefore = ProcessCpu.machineBusyNanos();
            long start = System.currentTimeMillis();
            records.forEach(producer::send);
            producer.flush();
            long produced = System.currentTimeMillis();
            long persisterAtProduced = ProcessCpu.totalNanos(pid);
            long machineAtProduced = ProcessCpu.machineBusyNanos();
            System.out.printf(Locale.ROOT, "produced %d messages in %d ms%n", messages, produced - start);
            waitFor(prefix, rooms, messages, 600_000);
            long persisterAfter = ProcessCpu.totalNanos(pid);
            long machineAfter = ProcessCpu.machineBusyNanos();
            long persisterCpu = persisterAfter - persisterBefore;
            long producerCpu = ProcessCpu.totalNanos(self) - producerBefore;
            long machineCpu = machineAfter - machineBefore;
            long[] span = span(prefix);
            // rows stored after the producer's last acknowledgement; the last of them is span[1]
            long backlogRows = query("SELECT count(*) FROM messages WHERE room_id LIKE ?"
                    + " AND stored_at > to_timestamp(? / 1000.0)", prefix, produced)[0];
            double seconds = (span[1] - start) / 1000.0;
            System.out.printf(Locale.ROOT, "throughput: %d messages of %d chars in %d rooms%n", messages,
                    body.length(), rooms);
            System.out.printf(Locale.ROOT, "  producer: %.0f msg/s (%d ms to send all)%n",
                    messages * 1000.0 / Math.max(1, produced - start), produced - start);
            System.out.printf(Locale.ROOT, "  into PostgreSQL: %.0f msg/s (first send to last row %.2f s)%n",
                    messages / seconds, seconds);
            double drain = (span[1] - span[2]) / 1000.0;
            System.out.printf(Locale.ROOT, "  stored: %.0f msg/s (first row to last row %.2f s)%n",
                    messages / Math.max(0.001, drain), drain);
            // CPU per message: steadier than rates when other work shares the cores (10 ms ticks)
            System.out.printf(Locale.ROOT, "  cpu per message: persister %s, whole machine %.1f us (this program %.1f us)%n",
                    persisterBefore < 0 ? "unknown (no bench.persister.pid)"
                            : String.format(Locale.ROOT, "%.1f us", persisterCpu / 1000.0 / messages),
                    machineCpu / 1000.0 / messages, producerCpu / 1000.0 / messages);
            // the backlog left when the producer finished, stored with no producer on the cores
            double backlogSeconds = (span[1] - produced) / 1000.0;
            System.out.printf(Locale.ROOT, "  backlog: %.0f msg/s (%d rows stored in the %.2f s after the producer "
                    + "finished); cpu per message: persister %s, whole machine %.1f us%n",
                    backlogRows / Math.max(0.001, backlogSeconds), backlogRows, backlogSeconds,
                    persisterBefore < 0 ? "unknown"
                            : String.format(Locale.ROOT, "%.1f us",
                                    (persisterAfter - persisterAtProduced) / 1000.0 / Math.max(1, backlogRows)),
                    (machineAfter - machineAtProduced) / 1000.0 / Math.max(1, backlogRows));
            if (latencyMessages == 0) {
                return;
            }

            String lat = TestStack.room("bench-lat");
            produce(producer, lat, rooms, latencyMessages, body, rate);
            waitFor(lat, rooms, latencyMessages, 600_000);
            System.out.printf(Locale.ROOT, "latency at %d msg/s, %d messages (send to committed row):%n", rate,
                    latencyMessages);
            System.out.println("  " + latency(lat));
        }
    }

    private static KafkaProducer<String, byte[]> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestStack.bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "2");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, "65536");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, System.getProperty("bench.compression", "none"));
        return new KafkaProducer<>(p);
    }

    /** The messages {@link #produce} would send, encoded ahead; ts is the time of encoding. */
    private static List<ProducerRecord<String, byte[]>> encode(String prefix, int rooms, int count, String body) {
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            records.add(record(prefix, rooms, i, body));
        }
        return records;
    }

    private static ProducerRecord<String, byte[]> record(String prefix, int rooms, int i, String body) {
        String room = prefix + "-" + (i % rooms);
        ChatMessageEvent event = ChatMessageEvent.of(TestStack.uuidV7(), room, i / rooms + 1, "bench", body, null,
                System.currentTimeMillis(), "bench");
        return new ProducerRecord<>(Topics.CHAT_MESSAGES, room, EventJson.write(event));
    }

    /** rate 0: as fast as possible; ts of each message is its send time. */
    private static void produce(KafkaProducer<String, byte[]> producer, String prefix, int rooms, int count,
            String body, int rate) {
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            if (rate > 0) {
                long due = start + (long) i * 1_000_000_000L / rate;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
            }
            producer.send(record(prefix, rooms, i, body));
        }
        producer.flush();
    }

    /**
     * Warm-up rounds (connections, metadata, the persister's JIT): each produces bench.warmup.messages as
     * fast as the producer goes and waits for their rows; stops once the persister's compiler threads
     * used less than {@link ProcessCpu#JIT_SETTLED_PERCENT} % of a core over a round.
     */
    private static void warmUp(KafkaProducer<String, byte[]> producer, int rooms, String body) throws Exception {
        int perRound = Integer.getInteger("bench.warmup.messages", 1000);
        long maxNanos = TimeUnit.SECONDS.toNanos(Integer.getInteger("bench.warmup.max.seconds", 180));
        String pid = System.getProperty("bench.persister.pid", "");
        long begin = System.nanoTime();
        double jitPercent = -1;
        int round = 0;
        boolean settled;
        do {
            round++;
            long roundBegin = System.nanoTime();
            long jitBefore = ProcessCpu.jitCompilerNanos(pid);
            String warm = TestStack.room("bench-warm");
            produce(producer, warm, rooms, perRound, body, 0);
            waitFor(warm, rooms, perRound, 600_000);
            jitPercent = ProcessCpu.percentOfACore(jitBefore, ProcessCpu.jitCompilerNanos(pid),
                    System.nanoTime() - roundBegin);
            // without the persister's pid one round is the warm-up
            settled = jitPercent < ProcessCpu.JIT_SETTLED_PERCENT;
        } while (!settled && System.nanoTime() - begin < maxNanos);
        String jit = jitPercent < 0 ? "the persister's JIT not watched: no readable bench.persister.pid"
                : String.format(Locale.ROOT, "the persister's JIT compilers %s: %.1f%% of a core over the last round",
                        settled ? "settled" : "had not settled", jitPercent);
        System.out.printf(Locale.ROOT, "warm-up: %d rounds of %d messages, %.0f s (%s)%n", round, perRound,
                (System.nanoTime() - begin) / 1e9, jit);
    }

    /**
     * Waits until all {@code count} messages of the rooms {@code prefix-0 .. prefix-(rooms-1)} are stored.
     * Polls only the last message of each room (one lookup per room in the (room_id, seq)
     * index): a room's messages share a partition and the persister stores a partition in order,
     * so its last row comes last. Then checks the whole count once.
     */
    private static void waitFor(String prefix, int rooms, long count, long timeoutMs) throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMs;
        int usedRooms = (int) Math.min(rooms, count);
        String[] lastRooms = new String[usedRooms];
        Long[] lastSeqs = new Long[usedRooms];
        for (int r = 0; r < usedRooms; r++) {
            // message i goes to room i % rooms with seq i / rooms + 1 (see produce)
            long last = (count - 1 - r) / rooms * rooms + r;
            lastRooms[r] = prefix + "-" + r;
            lastSeqs[r] = last / rooms + 1;
        }
        try (Connection c = TestStack.jdbc(); PreparedStatement s = c.prepareStatement(
                "SELECT count(*) FROM messages m JOIN unnest(?::text[], ?::bigint[]) AS l(room_id, seq)"
                        + " ON m.room_id = l.room_id AND m.seq = l.seq")) {
            s.setArray(1, c.createArrayOf("text", lastRooms));
            s.setArray(2, c.createArrayOf("bigint", lastSeqs));
            while (System.currentTimeMillis() < deadline) {
                long present;
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    present = rs.getLong(1);
                }
                if (present >= usedRooms
                        && query("SELECT count(*) FROM messages WHERE room_id LIKE ?", prefix)[0] >= count) {
                    return;
                }
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("not all " + count + " messages of " + prefix + " were stored in time");
    }

    /** min(ts), max(stored_at) and min(stored_at) in epoch ms. */
    private static long[] span(String prefix) throws Exception {
        return query("SELECT min(ts), (extract(epoch FROM max(stored_at)) * 1000)::bigint,"
                + " (extract(epoch FROM min(stored_at)) * 1000)::bigint FROM messages WHERE room_id LIKE ?", prefix);
    }

    private static String latency(String prefix) throws Exception {
        long[] p = query("""
                WITH l AS (SELECT extract(epoch FROM stored_at) * 1000 - ts AS ms FROM messages WHERE room_id LIKE ?)
                SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY ms)::bigint,
                       percentile_cont(0.9) WITHIN GROUP (ORDER BY ms)::bigint,
                       percentile_cont(0.99) WITHIN GROUP (ORDER BY ms)::bigint,
                       percentile_cont(0.999) WITHIN GROUP (ORDER BY ms)::bigint,
                       max(ms)::bigint FROM l""", prefix);
        return String.format(Locale.ROOT, "p50 %d ms, p90 %d ms, p99 %d ms, p99.9 %d ms, max %d ms", p[0], p[1],
                p[2], p[3], p[4]);
    }

    /** The first row of a query over the rooms {@code prefix-*}; {@code more} binds the parameters after the prefix. */
    private static long[] query(String sql, String prefix, long... more) throws Exception {
        try (Connection c = TestStack.jdbc(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, prefix + "-%");
            for (int i = 0; i < more.length; i++) {
                s.setLong(i + 2, more[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                long[] out = new long[rs.getMetaData().getColumnCount()];
                for (int i = 0; i < out.length; i++) {
                    out[i] = rs.getLong(i + 1);
                }
                return out;
            }
        }
    }
}
