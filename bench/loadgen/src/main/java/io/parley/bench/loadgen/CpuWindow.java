package io.parley.bench.loadgen;

/**
 * CPU use over one stretch of a run: the load generator itself, the server (if its pid is known) and the whole
 * machine, each in % of one core.
 */
public final class CpuWindow {

    private static final CpuSampler SELF = CpuSampler.self();

    private final ServerProcesses server;
    private final CpuSampler.Sample selfStart;
    private final CpuSampler.Sample serverStart;
    private final CpuSampler.Sample hostStart;
    private double loadgenPct = Double.NaN;
    private double serverPct = Double.NaN;
    private double hostPct = Double.NaN;

    private CpuWindow(ServerProcesses server) {
        this.server = server;
        this.selfStart = SELF.sample();
        this.serverStart = server != null ? server.sample() : null;
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

    public double hostPct() {
        return hostPct;
    }
}
