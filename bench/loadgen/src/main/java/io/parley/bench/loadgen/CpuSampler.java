package io.parley.bench.loadgen;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time and resident memory of a process, read from /proc/&lt;pid&gt;/stat and /proc/&lt;pid&gt;/status.
 * CPU% is expressed relative to one core (200% = two cores fully busy).
 */
public final class CpuSampler {

    /** USER_HZ; 100 on every mainstream Linux build. */
    public static final int DEFAULT_CLOCK_TICKS_PER_SECOND = 100;

    private final long pid;
    private final int ticksPerSecond;

    public CpuSampler(long pid) {
        this(pid, DEFAULT_CLOCK_TICKS_PER_SECOND);
    }

    public CpuSampler(long pid, int ticksPerSecond) {
        this.pid = pid;
        this.ticksPerSecond = ticksPerSecond;
    }

    public static CpuSampler self() {
        return new CpuSampler(ProcessHandle.current().pid());
    }

    public long pid() {
        return pid;
    }

    /** A reading of the process's cumulative CPU time together with the wall clock. */
    public record Sample(long wallNanos, long cpuTicks, boolean valid) {
    }

    public Sample sample() {
        long wall = System.nanoTime();
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return new Sample(wall, cpuTicksFromStat(stat), true);
        } catch (IOException | RuntimeException e) {
            return new Sample(wall, 0, false);
        }
    }

    /**
     * A reading of the CPU time of the process's HotSpot JIT compiler threads ({@code C1 CompilerThread*},
     * {@code C2 CompilerThread*}; /proc cuts thread names to 15 characters). Invalid when the process has
     * none (not a JVM, e.g. Node) or cannot be read.
     */
    public Sample jitSample() {
        long wall = System.nanoTime();
        long ticks = 0;
        boolean found = false;
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String name = Files.readString(task.resolve("comm")).trim();
                    if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
                        ticks += cpuTicksFromStat(Files.readString(task.resolve("stat")));
                        found = true;
                    }
                } catch (IOException e) {
                    // the thread ended between the listing and the read
                }
            }
        } catch (IOException | RuntimeException e) {
            return new Sample(wall, 0, false);
        }
        return new Sample(wall, ticks, found);
    }

    /** CPU% of one core used between two samples; NaN when either sample is invalid. */
    public double cpuPercent(Sample from, Sample to) {
        if (!from.valid() || !to.valid() || to.wallNanos() <= from.wallNanos()) {
            return Double.NaN;
        }
        double cpuSeconds = (double) (to.cpuTicks() - from.cpuTicks()) / ticksPerSecond;
        double wallSeconds = (to.wallNanos() - from.wallNanos()) / 1e9;
        return 100.0 * cpuSeconds / wallSeconds;
    }

    /**
     * A reading of the whole machine's busy CPU time (all cores, everything but idle and iowait) from /proc/stat,
     * to tell how much CPU processes other than the load generator and the server used during a run.
     */
    public static Sample hostSample() {
        long wall = System.nanoTime();
        try {
            return new Sample(wall, hostBusyTicksFromProcStat(Files.readString(Path.of("/proc/stat"))), true);
        } catch (IOException | RuntimeException e) {
            return new Sample(wall, 0, false);
        }
    }

    static long hostBusyTicksFromProcStat(String procStat) {
        String first = procStat.substring(0, procStat.indexOf('\n'));
        if (!first.startsWith("cpu ")) {
            throw new IllegalArgumentException("not /proc/stat");
        }
        String[] f = first.substring(4).trim().split("\\s+");
        long busy = 0;
        // user nice system idle iowait irq softirq steal (guest time is already inside user)
        for (int i = 0; i < Math.min(f.length, 8); i++) {
            if (i != 3 && i != 4) {
                busy += Long.parseLong(f[i]);
            }
        }
        return busy;
    }

    /** Resident set size in KiB, or -1 when unreadable. */
    public long rssKib() {
        try {
            return rssKibFromStatus(Files.readString(Path.of("/proc", Long.toString(pid), "status")));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** utime + stime (fields 14 and 15) of a /proc/&lt;pid&gt;/stat line; the comm field may hold spaces. */
    static long cpuTicksFromStat(String stat) {
        int afterComm = stat.lastIndexOf(')');
        if (afterComm < 0) {
            throw new IllegalArgumentException("not a /proc stat line");
        }
        String[] fields = stat.substring(afterComm + 2).trim().split(" ");
        // fields[0] is field 3 (state); utime is field 14, stime field 15
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    static long rssKibFromStatus(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
            }
        }
        return -1;
    }
}
