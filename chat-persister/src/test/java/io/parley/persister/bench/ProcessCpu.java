package io.parley.persister.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU time of another process on this machine, read from /proc (Linux; clock ticks of 10 ms): all of it,
 * or only its JIT compiler threads. The benchmark programs use it to report the server's CPU and to warm
 * a server up until its JIT has settled. Every method answers -1 when the process is unknown or gone.
 */
final class ProcessCpu {

    /** Below this share of a core for its compiler threads over a warm-up step, a JVM's JIT has settled. */
    static final double JIT_SETTLED_PERCENT = 5;

    private ProcessCpu() {
    }

    /** utime + stime of the process, in nanoseconds. */
    static long totalNanos(String pid) {
        if (pid == null || pid.isBlank()) {
            return -1;
        }
        try {
            return ticks(Files.readString(Path.of("/proc", pid.trim(), "stat"))) * 10_000_000L;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * utime + stime of the process's HotSpot compiler threads ({@code C1 CompilerThread*},
     * {@code C2 CompilerThread*}; /proc cuts thread names to 15 characters), in nanoseconds. A compiler
     * thread that ended no longer counts: HotSpot keeps them for the process's life unless told otherwise.
     */
    static long jitCompilerNanos(String pid) {
        if (pid == null || pid.isBlank()) {
            return -1;
        }
        long ticks = 0;
        try (Stream<Path> tasks = Files.list(Path.of("/proc", pid.trim(), "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String name = Files.readString(task.resolve("comm")).trim();
                    if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
                        ticks += ticks(Files.readString(task.resolve("stat")));
                    }
                } catch (IOException e) {
                    // the thread ended between the listing and the read
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return ticks * 10_000_000L;
    }

    /**
     * CPU time every process on the machine used (the first line of /proc/stat: user, nice, system, irq,
     * softirq and steal; not idle or iowait), in nanoseconds; -1 when it cannot be read.
     */
    static long machineBusyNanos() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long ticks = 0;
            for (int i : new int[] { 1, 2, 3, 6, 7, 8 }) {
                ticks += Long.parseLong(f[i]);
            }
            return ticks * 10_000_000L;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * The CPU between two readings of this class as % of one core over {@code nanos} of wall time; -1 when
     * either reading was unknown (-1).
     */
    static double percentOfACore(long before, long after, long nanos) {
        return before < 0 || after < 0 || nanos <= 0 ? -1 : 100.0 * (after - before) / nanos;
    }

    /** utime + stime of one /proc stat line (fields 14 and 15; the name in parentheses may hold spaces). */
    private static long ticks(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
}
