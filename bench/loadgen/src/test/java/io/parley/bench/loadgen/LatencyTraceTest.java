package io.parley.bench.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LatencyTraceTest {

    private static long ms(double millis) {
        return (long) (millis * TimeUnit.MILLISECONDS.toNanos(1));
    }

    @Test
    void countsDeliveriesSlowOnesAndTheLongestPerTenMillisecondsOfWallClock(@TempDir Path dir) throws Exception {
        LatencyTrace trace = new LatencyTrace(1_000_003, 100, 10);
        trace.record(1_000_003, ms(0.5));
        trace.record(1_000_009, ms(12.25));
        trace.record(1_000_010, ms(3));
        trace.record(1_000_045, ms(10)); // not over the threshold
        trace.record(999_999, ms(50)); // before the span
        trace.record(1_000_100, ms(50)); // after it

        Path file = dir.resolve("trace.txt");
        trace.write(file);

        assertEquals(List.of("# windowStartEpochMs deliveries over10ms maxMs",
                "1000000 2 1 12.250",
                "1000010 1 0 3.000",
                "1000040 1 0 10.000"), Files.readAllLines(file));
        assertEquals(2, trace.outside());
    }

    @Test
    void theOptionsReachTheConfig() {
        LoadGenConfig c = LoadGenConfig.parse(new String[] {"--latency-trace", "/tmp/t.txt", "--slow-ms", "5"});
        assertEquals("/tmp/t.txt", c.latencyTraceFile);
        assertEquals(5, c.slowMillis);
    }
}
