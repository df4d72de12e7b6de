package io.parley.bench.loadgen;

/**
 * CPU use over one stretch of a run: the load generator itself, the server (if its pid is known), the server's
 * JVM JIT compilers (a server still compiling is not warm) and the whole machine, each in % of one core.
 */
public final class CpuWindow {

    private static final CpuSampler SELF = CpuSampler.self();

    private final ServerProcesses server;
    private final CpuSampler.Sample selfStart;
    private final CpuSampler.Sample serverStart;
    private final CpuSampler.Sample serverJitStart;
    private final CpuSampler.Sample hostStart;
    private double loadgenPct = Double.NaN;
    private double serverPct = Double.NaN;
    private double serverJitPct = Double.NaN;
    private double hostPct = Double.NaN;

    private CpuWindow(ServerProcesses server) {
        this.server = server;
        this.selfStart = SELF.sample();
        this.serverStart = server != null ? server.sample() : null;
        this.serverJitStart = server != null ? server.jitSample() : null;
        this.hostStart = CpuSampler.hostSample();
    }

    /** Starts measuring; server may be null. */
    public static CpuWindow start(ServerProcesses server) {
        return new CpuWindow(server);
    }

    public CpuWindow stop() {
        loadgenPct = SELF.cpuPercent(selfStart, SELF.sample());
        if (server != null) {
            serverPct = server.cpuPercent(serverStart, server.sample());
            serverJitPct = server.cpuPercent(serverJitStart, server.jitSample());
        }
        hostPct = SELF.cpuPercent(hostStart, CpuSampler.hostSample());
        return this;
    }

    public double loadgenPct() {
        return loadgenPct;
    }

    public double serverPct() {
        return serverPct;
    }

    /** The share of the server's CPU its JVM JIT compilers used (NaN for a server that is not a JVM). */
    public double serverJitPct() {
        return serverJitPct;
    }

    public double hostPct() {
        return hostPct;
    }
}
