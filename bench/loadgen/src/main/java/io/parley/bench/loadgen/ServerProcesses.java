package io.parley.bench.loadgen;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The server process(es) under test, given by pid on the command line: CPU time and RSS are summed over them
 * (e.g. two Node processes behind Redis).
 */
public final class ServerProcesses {

    private final List<CpuSampler> samplers;

    private ServerProcesses(List<Long> pids) {
        this.samplers = pids.stream().map(CpuSampler::new).collect(Collectors.toList());
    }

    /** The processes with these pids, or null when there are none. */
    public static ServerProcesses of(List<Long> pids) {
        return pids == null || pids.isEmpty() ? null : new ServerProcesses(pids);
    }

    /** Combined CPU time of all the processes; invalid if any of them could not be read. */
    public CpuSampler.Sample sample() {
        return sum(CpuSampler::sample, true);
    }

    /**
     * Combined CPU time of the JIT compiler threads of those processes that are JVMs (two edges and the Redis
     * they share: the edges'); invalid when none is.
     */
    public CpuSampler.Sample jitSample() {
        return sum(CpuSampler::jitSample, false);
    }

    /** The valid readings summed; valid when all were ({@code all}) or when any was. */
    private CpuSampler.Sample sum(Function<CpuSampler, CpuSampler.Sample> reading, boolean all) {
        long wall = System.nanoTime();
        long ticks = 0;
        int valid = 0;
        for (CpuSampler s : samplers) {
            CpuSampler.Sample one = reading.apply(s);
            if (one.valid()) {
                ticks += one.cpuTicks();
                valid++;
            }
        }
        return new CpuSampler.Sample(wall, ticks, all ? valid == samplers.size() : valid > 0);
    }

    public double cpuPercent(CpuSampler.Sample from, CpuSampler.Sample to) {
        return samplers.get(0).cpuPercent(from, to);
    }

    /** Summed RSS in KiB, or -1 if any process could not be read. */
    public long rssKib() {
        long total = 0;
        for (CpuSampler s : samplers) {
            long one = s.rssKib();
            if (one < 0) {
                return -1;
            }
            total += one;
        }
        return total;
    }

    /** "pid 123" or "pids 123,456". */
    public String describe() {
        String list = samplers.stream().map(s -> Long.toString(s.pid())).collect(Collectors.joining(","));
        return (samplers.size() == 1 ? "pid " : "pids ") + list;
    }
}
