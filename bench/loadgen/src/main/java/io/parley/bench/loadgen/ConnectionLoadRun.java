package io.parley.bench.loadgen;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * The connection scenarios: {@code --connect-only} (connect everyone, report, disconnect), {@code --idle}
 * (connect everyone and hold the connections idle; server RSS per connection) and {@code --storm}
 * (a fixed number of concurrent slots that connect, finish the Socket.IO handshake and close, over and over).
 */
public final class ConnectionLoadRun implements ChatClient.Listener {

    private static final long SETTLE_MILLIS = 2_000;
    private static final long FAILURE_BACKOFF_MILLIS = 10;

    private final LoadGenConfig config;
    private final PrintStream out;
    private final LatencyHistogram handshakeLatency = new LatencyHistogram();
    private final LongAdder unexpectedCloses = new LongAdder();
    private volatile boolean closing;
    private String transport = "?";

    // connect-only / idle
    private ConnectPacer pacer;

    // storm
    private ClientFleet stormFleet;
    private volatile long stormEndNanos = Long.MAX_VALUE;
    private volatile long stormMeasureStartNanos = Long.MAX_VALUE;
    private final AtomicInteger nextStormIndex = new AtomicInteger();
    private final LongAdder stormHandshakes = new LongAdder();
    private final LongAdder stormFailures = new LongAdder();
    private final AtomicReference<String> stormFirstFailure = new AtomicReference<>();
    private final AtomicInteger stormSlotsRunning = new AtomicInteger();

    public ConnectionLoadRun(LoadGenConfig config, PrintStream out) {
        this.config = config;
        this.out = out;
    }

    public int run() {
        return config.mode == LoadGenConfig.Mode.STORM ? runStorm() : runHold();
    }

    private String roomFor(int client) {
        return config.join ? ChatTopology.roomId(client % config.rooms) : null;
    }

    private int runHold() {
        boolean idle = config.mode == LoadGenConfig.Mode.IDLE;
        ServerProcesses server = ServerProcesses.of(config.serverPids);
        long rssBefore = server != null ? server.rssKib() : -1;
        try (ClientFleet fleet = new ClientFleet(config, config.clients)) {
            transport = fleet.transport();
            List<ChatClient> clients = new ArrayList<>(config.clients);
            for (int c = 0; c < config.clients; c++) {
                clients.add(new ChatClient(c, ChatTopology.userId(c), roomFor(c), fleet.contextFor(c), this));
            }
            out.printf(Locale.ROOT, "connecting %d clients to %s%s...%n", config.clients, config.targets(),
                    config.join ? " (joining " + config.rooms + " rooms)" : "");
            CpuWindow connectCpu = CpuWindow.start(server);
            pacer = new ConnectPacer(fleet, clients, config.connectConcurrency);
            ConnectPacer.Outcome connect = pacer.run(config.connectTimeoutMillis);
            connectCpu.stop();

            double holdCpuSelf = Double.NaN;
            double holdCpuServer = Double.NaN;
            long rssAfter = -1;
            long rssEnd = -1;
            if (idle && connect.succeeded() > 0) {
                ClientFleet.sleep(SETTLE_MILLIS);
                rssAfter = server != null ? server.rssKib() : -1;
                CpuWindow holdCpu = CpuWindow.start(server);
                ClientFleet.sleep(config.durationMillis);
                holdCpu.stop();
                holdCpuSelf = holdCpu.loadgenPct();
                holdCpuServer = holdCpu.serverPct();
                rssEnd = server != null ? server.rssKib() : -1;
            } else if (server != null) {
                ClientFleet.sleep(SETTLE_MILLIS);
                rssAfter = server.rssKib();
            }

            ResultPrinter r = new ResultPrinter("parley loadgen: " + (idle ? "idle connections" : "connect-only"));
            r.put("mode", idle ? "idle" : "connect-only").put("label", config.label).put("ok", connect.succeeded() > 0)
                    .put("url", config.targets())
                    .put("clients", config.clients).put("joinRooms", config.join)
                    .put("connectConcurrency", config.connectConcurrency).put("eventLoops", config.eventLoops).put("transport", transport);
            r.line("target", config.targets()
                    + (config.label.isEmpty() ? "" : "  [" + config.label + "]"));
            r.line("connect", String.format(Locale.ROOT,
                    "%d ok, %d failed, %d unsettled in %.2f s = %s handshakes/s (concurrency %d)%s",
                    connect.succeeded(), connect.failed(), connect.unsettled(), connect.elapsedNanos() / 1e9,
                    ResultPrinter.f1(connect.perSecond()), config.connectConcurrency,
                    connect.firstFailure() == null ? "" : " (first failure: " + connect.firstFailure() + ")"));
            r.put("connected", connect.succeeded()).put("connectFailed", connect.failed() + connect.unsettled())
                    .put("connectSeconds", ResultPrinter.round3(connect.elapsedNanos() / 1e9))
                    .put("handshakesPerS", ResultPrinter.round3(connect.perSecond()));
            r.latency("handshake", "handshake", handshakeLatency.snapshot());
            int loadgenCores = Math.min(Runtime.getRuntime().availableProcessors(), config.eventLoops);
            r.line("during connect", "");
            r.cpu(connectCpu, server, loadgenCores);
            if (idle && connect.succeeded() > 0) {
                r.line("idle hold", String.format(Locale.ROOT, "%.1f s: loadgen CPU %s, server CPU %s (%% of one core)",
                        config.durationMillis / 1000.0, ResultPrinter.f1(holdCpuSelf), ResultPrinter.f1(holdCpuServer)));
                r.put("holdS", config.durationMillis / 1000.0).put("holdLoadgenCpuPct", ResultPrinter.round3(holdCpuSelf))
                        .put("holdServerCpuPct", ResultPrinter.round3(holdCpuServer));
            }
            if (rssBefore > 0 && rssAfter > 0 && connect.succeeded() > 0) {
                double perConn = (rssAfter - rssBefore) * 1024.0 / connect.succeeded();
                r.line("server RSS", String.format(Locale.ROOT,
                        "before %d KiB, after connect %d KiB%s => %.0f bytes per connection",
                        rssBefore, rssAfter, rssEnd > 0 ? ", at end " + rssEnd + " KiB" : "", perConn));
                r.put("serverRssBeforeKib", rssBefore).put("serverRssAfterKib", rssAfter)
                        .put("serverRssEndKib", rssEnd).put("serverRssBytesPerConnection", Math.round(perConn));
            }
            r.put("unexpectedCloses", unexpectedCloses.sum());
            if (unexpectedCloses.sum() > 0) {
                r.warn(unexpectedCloses.sum() + " connections closed unexpectedly");
            }
            if (connect.failed() + connect.unsettled() > 0) {
                r.warn((connect.failed() + connect.unsettled()) + " clients failed to connect");
            }
            closing = true;
            fleet.closeAll(clients, 500);
            r.print(out);
            return connect.succeeded() > 0 ? 0 : 2;
        }
    }

    private int runStorm() {
        ServerProcesses server = ServerProcesses.of(config.serverPids);
        int slots = config.connectConcurrency;
        try (ClientFleet fleet = new ClientFleet(config, slots * 2)) {
            transport = fleet.transport();
            stormFleet = fleet;
            out.printf(Locale.ROOT, "connection storm against %s: %d concurrent slots, %.1f s warmup + %.1f s...%n",
                    config.targets(), slots, config.warmupMillis / 1000.0,
                    config.durationMillis / 1000.0);
            long warmupEnd = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.warmupMillis);
            stormMeasureStartNanos = warmupEnd;
            stormEndNanos = warmupEnd + TimeUnit.MILLISECONDS.toNanos(config.durationMillis);
            for (int s = 0; s < slots; s++) {
                stormSlotsRunning.incrementAndGet();
                startStormClient();
            }
            ClientFleet.sleepUntil(warmupEnd);
            CpuWindow cpu = CpuWindow.start(server);
            long start = System.nanoTime();
            ClientFleet.sleepUntil(stormEndNanos);
            long handshakes = stormHandshakes.sum();
            long elapsed = System.nanoTime() - start;
            cpu.stop();
            long waitDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (stormSlotsRunning.get() > 0 && System.nanoTime() < waitDeadline) {
                ClientFleet.sleep(20);
            }
            closing = true;

            ResultPrinter r = new ResultPrinter("parley loadgen: connection storm");
            r.put("mode", "storm").put("label", config.label).put("ok", handshakes > 0)
                    .put("url", config.targets())
                    .put("slots", slots).put("durationS", config.durationMillis / 1000.0)
                    .put("eventLoops", config.eventLoops).put("transport", transport);
            r.line("target", config.targets()
                    + (config.label.isEmpty() ? "" : "  [" + config.label + "]"));
            double perSecond = handshakes * 1e9 / elapsed;
            r.line("handshakes", String.format(Locale.ROOT, "%d in %.1f s = %s handshakes/s, %d failed%s",
                    handshakes, elapsed / 1e9, ResultPrinter.f1(perSecond), stormFailures.sum(),
                    stormFirstFailure.get() == null ? "" : " (first failure: " + stormFirstFailure.get() + ")"));
            r.put("handshakes", handshakes).put("handshakesPerS", ResultPrinter.round3(perSecond))
                    .put("failed", stormFailures.sum());
            r.latency("handshake", "handshake", handshakeLatency.snapshot());
            int loadgenCores = Math.min(Runtime.getRuntime().availableProcessors(), config.eventLoops);
            r.cpu(cpu, server, loadgenCores);
            if (stormFailures.sum() > 0) {
                r.warn(stormFailures.sum() + " handshakes failed");
            }
            r.print(out);
            return handshakes > 0 ? 0 : 2;
        }
    }

    private void startStormClient() {
        if (System.nanoTime() >= stormEndNanos) {
            stormSlotsRunning.decrementAndGet();
            return;
        }
        int index = nextStormIndex.getAndIncrement();
        ChatClient client = new ChatClient(index, ChatTopology.userId(index), null, stormFleet.contextFor(index), this);
        stormFleet.connect(client);
    }

    @Override
    public void onConnected(ChatClient client) {
        if (config.mode == LoadGenConfig.Mode.STORM) {
            long now = System.nanoTime();
            if (now >= stormMeasureStartNanos && now < stormEndNanos) {
                handshakeLatency.recordNanos(client.handshakeNanos());
                stormHandshakes.increment();
            }
            client.close();
            startStormClient();
            return;
        }
        handshakeLatency.recordNanos(client.handshakeNanos());
        if (!config.join) {
            pacer.settled(true, null);
        }
    }

    @Override
    public void onJoined(ChatClient client) {
        if (config.mode != LoadGenConfig.Mode.STORM) {
            pacer.settled(true, null);
        }
    }

    @Override
    public void onFailed(ChatClient client, String reason) {
        if (config.mode == LoadGenConfig.Mode.STORM) {
            long now = System.nanoTime();
            if (now >= stormMeasureStartNanos && now < stormEndNanos) {
                stormFailures.increment();
                stormFirstFailure.compareAndSet(null, reason);
            }
            client.close();
            // back off a little so that a refused or broken server is not hammered in a tight loop
            stormFleet.vertx().setTimer(FAILURE_BACKOFF_MILLIS, id -> startStormClient());
            return;
        }
        pacer.settled(false, "client " + client.index() + ": " + reason);
    }

    @Override
    public void onClosed(ChatClient client) {
        if (!closing && config.mode != LoadGenConfig.Mode.STORM) {
            unexpectedCloses.increment();
        }
    }
}
