package io.parley.bench.loadgen;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The chat scenario: connect every client and join its room, then let the publishers send (at a fixed total
 * rate, or closed loop with a window of in-flight sends each), and account for every delivery of every message
 * sent inside the measurement window.
 */
public final class ChatLoadRun implements ChatClient.Listener {

    private final LoadGenConfig config;
    private final PrintStream out;
    private final ChatTopology topology;
    private final DeliveryLedger ledger;
    private final LatencyHistogram deliveryLatency = new LatencyHistogram();
    private volatile LatencyTrace trace;
    private final LatencyHistogram ackLatency = new LatencyHistogram();
    private final LatencyHistogram handshakeLatency = new LatencyHistogram();
    private final LatencyHistogram scheduleLag = new LatencyHistogram();
    private final ThreadLocal<MessageStamp> stamps = ThreadLocal.withInitial(MessageStamp::new);

    private final LongAdder acksOk = new LongAdder();
    private final LongAdder acksFailed = new LongAdder();
    private final LongAdder acksInWindow = new LongAdder();
    private final LongAdder malformed = new LongAdder();
    private final LongAdder unexpectedCloses = new LongAdder();

    private final List<ChatClient> clients = new ArrayList<>();
    private Publisher[] publisherOfClient;
    private ConnectPacer pacer;
    private volatile boolean closing;
    private String transport = "?";
    private ServerProcesses server;
    private volatile long publishEndNanos = Long.MAX_VALUE;

    public ChatLoadRun(LoadGenConfig config, PrintStream out) {
        this.config = config;
        this.out = out;
        this.topology = new ChatTopology(config.clients, config.rooms, config.publishers);
        this.ledger = new DeliveryLedger(topology);
    }

    /** Runs the scenario and prints the results; returns the process exit code. */
    public int run() {
        try (ClientFleet fleet = new ClientFleet(config, config.clients)) {
            transport = fleet.transport();
            publisherOfClient = new Publisher[config.clients];
            for (int c = 0; c < config.clients; c++) {
                String room = ChatTopology.roomId(topology.roomOf(c));
                ChatClient client = new ChatClient(c, ChatTopology.userId(c), room, fleet.contextFor(c), this);
                clients.add(client);
                if (topology.isPublisher(c)) {
                    publisherOfClient[c] = new Publisher(c, client, room, config.payload, ledger);
                }
            }
            out.printf(Locale.ROOT, "connecting %d clients to %s (%d rooms, %d publishers)...%n",
                    config.clients, config.targets(), config.rooms, config.publishers);
            pacer = new ConnectPacer(fleet, clients, config.connectConcurrency);
            ConnectPacer.Outcome connect = pacer.run(config.connectTimeoutMillis);
            out.printf(Locale.ROOT, "joined %d/%d in %.2f s%n", connect.succeeded(), config.clients,
                    connect.elapsedNanos() / 1e9);
            if (connect.succeeded() == 0) {
                ResultPrinter r = new ResultPrinter("parley loadgen: chat");
                r.put("mode", "chat").put("label", config.label).put("ok", false)
                        .put("error", "no client joined: " + connect.firstFailure());
                r.line("error", "no client joined: " + connect.firstFailure());
                r.print(out);
                return 2;
            }

            server = ServerProcesses.of(config.serverPids);

            long startNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
            long windowStart = startNanos + TimeUnit.MILLISECONDS.toNanos(config.warmupMillis);
            long windowEnd = windowStart + TimeUnit.MILLISECONDS.toNanos(config.durationMillis);
            ledger.setWindow(windowStart, windowEnd);
            publishEndNanos = windowEnd;
            if (config.latencyTraceFile != null) {
                trace = new LatencyTrace(System.currentTimeMillis(),
                        config.warmupMillis + config.durationMillis + config.drainMillis + 1_000, config.slowMillis);
            }
            startPublishing(fleet, startNanos, windowEnd);

            ClientFleet.sleepUntil(windowStart);
            CpuWindow cpu = CpuWindow.start(server);
            ClientFleet.sleepUntil(windowEnd);
            cpu.stop();
            long serverRssKib = server != null ? server.rssKib() : -1;

            long drainStart = System.nanoTime();
            long drainDeadline = drainStart + TimeUnit.MILLISECONDS.toNanos(config.drainMillis);
            while (System.nanoTime() < drainDeadline
                    && (ledger.delivered() < ledger.expected() || acksInWindow.sum() < ledger.sentInWindow())) {
                ClientFleet.sleep(20);
            }
            double drainSeconds = (System.nanoTime() - drainStart) / 1e9;
            ledger.freeze();
            ClientFleet.sleep(20); // let receipts being recorded at the freeze finish

            ResultPrinter r = report(connect, cpu, serverRssKib, drainSeconds);
            closing = true;
            fleet.closeAll(clients, 300);
            if (trace != null) {
                writeTrace(trace);
            }
            r.print(out);
            return 0;
        }
    }

    private void writeTrace(LatencyTrace t) {
        try {
            t.write(Path.of(config.latencyTraceFile));
            out.printf(Locale.ROOT, "latency trace: %s (%d deliveries outside its span)%n", config.latencyTraceFile,
                    t.outside());
        } catch (IOException | RuntimeException e) {
            out.println("latency trace not written to " + config.latencyTraceFile + ": " + e);
        }
    }

    private void startPublishing(ClientFleet fleet, long startNanos, long endNanos) {
        List<List<Publisher>> byContext = new ArrayList<>();
        for (int i = 0; i < fleet.contexts().length; i++) {
            byContext.add(new ArrayList<>());
        }
        for (Publisher p : publisherOfClient) {
            if (p != null) {
                byContext.get(p.index() % fleet.contexts().length).add(p);
            }
        }
        long delayMillis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(startNanos - System.nanoTime()));
        for (int i = 0; i < byContext.size(); i++) {
            List<Publisher> mine = byContext.get(i);
            if (mine.isEmpty()) {
                continue;
            }
            fleet.contexts()[i].runOnContext(v -> {
                if (config.closedLoop()) {
                    fleet.vertx().setTimer(delayMillis, id -> {
                        for (Publisher p : mine) {
                            for (int w = 0; w < config.window; w++) {
                                p.sendNext();
                            }
                        }
                    });
                } else {
                    new RateTicker(fleet.vertx(), mine, config.publishers, config.rate / config.publishers,
                            startNanos, endNanos, scheduleLag).start();
                }
            });
        }
    }

    @Override
    public void onConnected(ChatClient client) {
        handshakeLatency.recordNanos(client.handshakeNanos());
    }

    @Override
    public void onJoined(ChatClient client) {
        pacer.settled(true, null);
    }

    @Override
    public void onFailed(ChatClient client, String reason) {
        pacer.settled(false, "client " + client.index() + ": " + reason);
    }

    @Override
    public void onClosed(ChatClient client) {
        if (!closing) {
            unexpectedCloses.increment();
        }
    }

    @Override
    public void onMessageAck(ChatClient client, boolean ok, long sentNanos, long sequence, long nowNanos) {
        if (ok) {
            acksOk.increment();
        } else {
            acksFailed.increment();
            Publisher p = publisherOfClient[client.index()];
            if (p != null && sentNanos >= 0) {
                ledger.recordRefused(p.index(), sequence, sentNanos);
            }
        }
        if (sentNanos >= 0 && ledger.inWindow(sentNanos)) {
            acksInWindow.increment();
            ackLatency.recordNanos(nowNanos - sentNanos);
        }
        if (config.closedLoop() && nowNanos < publishEndNanos && !closing) {
            Publisher p = publisherOfClient[client.index()];
            if (p != null) {
                p.sendNext();
            }
        }
    }

    @Override
    public void onMessageNew(ChatClient client, CharSequence frame, long nowNanos) {
        MessageStamp stamp = stamps.get();
        if (!stamp.parseBody(frame)) {
            malformed.increment();
            return;
        }
        DeliveryLedger.Outcome outcome = ledger.recordDelivery(client.index(), stamp.publisher, stamp.sequence,
                stamp.sentNanos);
        if (outcome == DeliveryLedger.Outcome.FIRST) {
            deliveryLatency.recordNanos(nowNanos - stamp.sentNanos);
            LatencyTrace t = trace;
            if (t != null) {
                t.record(System.currentTimeMillis(), nowNanos - stamp.sentNanos);
            }
        }
    }

    private ResultPrinter report(ConnectPacer.Outcome connect, CpuWindow cpu, long serverRssKib,
                                 double drainSeconds) {
        double seconds = config.durationMillis / 1000.0;
        long sent = ledger.sentInWindow();
        long expected = ledger.expected();
        long deliveredOfRefused = ledger.deliveredOfRefused();
        long delivered = ledger.delivered() - deliveredOfRefused; // deliveries of accepted sends
        long missing = DeliveryLedger.missing(expected, delivered); // the streams are walked once, above
        long backpressured = 0;
        for (Publisher p : publisherOfClient) {
            if (p != null) {
                backpressured += p.sendsWhileBackpressured();
            }
        }
        int loadgenCores = Math.min(Runtime.getRuntime().availableProcessors(), config.eventLoops);

        ResultPrinter r = new ResultPrinter("parley loadgen: chat");
        r.put("mode", "chat").put("label", config.label).put("ok", true)
                .put("url", config.targets())
                .put("clients", config.clients).put("rooms", config.rooms).put("publishers", config.publishers)
                .put("offeredRate", config.closedLoop() ? 0.0 : config.rate)
                .put("closedLoopWindow", config.closedLoop() ? config.window : 0)
                .put("payloadBytes", config.payload)
                .put("durationS", seconds).put("warmupS", config.warmupMillis / 1000.0)
                .put("eventLoops", config.eventLoops).put("transport", transport)
                .put("frames", config.vertxFrames ? "vertx" : "direct");
        r.line("target", config.targets()
                + (config.label.isEmpty() ? "" : "  [" + config.label + "]"));
        r.line("load", String.format(Locale.ROOT, "%d clients, %d rooms, %d publishers, %s, payload %d B",
                config.clients, config.rooms, config.publishers,
                config.closedLoop() ? "closed loop (window " + config.window + "/publisher)"
                        : "fixed " + ResultPrinter.f1(config.rate) + " msg/s",
                config.payload));
        r.line("window", String.format(Locale.ROOT, "%.1f s measured after %.1f s warmup; drain %.2f s",
                seconds, config.warmupMillis / 1000.0, drainSeconds));
        r.line("connect", String.format(Locale.ROOT, "%d joined, %d failed, %d unsettled in %.2f s%s",
                connect.succeeded(), connect.failed(), connect.unsettled(), connect.elapsedNanos() / 1e9,
                connect.firstFailure() == null ? "" : " (first failure: " + connect.firstFailure() + ")"));
        r.put("joined", connect.succeeded()).put("connectFailed", connect.failed() + connect.unsettled());
        r.line("sent", String.format(Locale.ROOT, "%d msgs = %s msg/s (%d acked; all acks: ok %d, failed %d)",
                sent, ResultPrinter.f1(sent / seconds), acksInWindow.sum(), acksOk.sum(), acksFailed.sum()));
        r.put("sentMsgs", sent).put("sentPerS", ResultPrinter.round3(sent / seconds))
                .put("acksInWindow", acksInWindow.sum())
                .put("acksOk", acksOk.sum()).put("acksFailed", acksFailed.sum());
        r.line("deliveries/s", ResultPrinter.f1(delivered / seconds));
        r.put("deliveriesPerS", ResultPrinter.round3(delivered / seconds));
        long refused = ledger.refused();
        r.line("deliveries", String.format(Locale.ROOT,
                "expected %d, delivered %d, missing %d, duplicated %d, out-of-order %d, misrouted %d, malformed %d",
                expected, delivered, missing, ledger.duplicated(), ledger.outOfOrder(),
                ledger.misrouted(), malformed.sum()));
        r.put("refusedSends", refused).put("deliveredOfRefused", deliveredOfRefused);
        if (refused > 0) {
            r.line("refused", String.format(Locale.ROOT, "%d sends in the window were refused (acked with an error): "
                    + "their deliveries are not expected; %d deliveries of them arrived anyway", refused, deliveredOfRefused));
            r.warn(refused + " sends in the window were refused by the server (each sender was told): the offered "
                    + "load was not fully accepted");
        }
        if (deliveredOfRefused > 0) {
            r.warn(deliveredOfRefused + " deliveries of refused sends arrived: a refused message must reach nobody");
        }
        r.put("expected", expected).put("delivered", delivered).put("missing", missing)
                .put("duplicated", ledger.duplicated()).put("outOfOrder", ledger.outOfOrder())
                .put("misrouted", ledger.misrouted()).put("malformed", malformed.sum());
        r.latency("delivery latency", "latency", deliveryLatency.snapshot());
        r.latency("ack latency", "ackLatency", ackLatency.snapshot());
        r.latency("handshake", "handshake", handshakeLatency.snapshot());
        if (!config.closedLoop()) {
            LatencyHistogram.Snapshot lag = scheduleLag.snapshot();
            r.line("send schedule lag", String.format(Locale.ROOT, "p99 %s  max %s ms",
                    ResultPrinter.f3(lag.percentileMillis(99)), ResultPrinter.f3(lag.maxMillis())));
            r.put("scheduleLagP99Ms", ResultPrinter.round3(lag.percentileMillis(99)))
                    .put("scheduleLagMaxMs", ResultPrinter.round3(lag.maxMillis()));
            if (lag.percentileMillis(99) > 5.0) {
                r.warn("sends ran late against their schedule (p99 lag "
                        + ResultPrinter.f3(lag.percentileMillis(99)) + " ms): the offered rate was not fully applied");
            }
        }
        r.cpu(cpu, server, loadgenCores);
        if (serverRssKib > 0) {
            r.line("server RSS", (serverRssKib / 1024) + " MiB");
            r.put("serverRssKib", serverRssKib);
        }
        r.put("sendsWhileBackpressured", backpressured).put("unexpectedCloses", unexpectedCloses.sum());
        if (backpressured > 0) {
            r.line("backpressure", backpressured + " sends found the websocket write queue full");
        }
        if (connect.failed() + connect.unsettled() > 0) {
            r.warn((connect.failed() + connect.unsettled()) + " clients did not join; their deliveries count as missing");
        }
        if (unexpectedCloses.sum() > 0) {
            r.warn(unexpectedCloses.sum() + " connections closed unexpectedly during the run");
        }
        if (missing > 0) {
            long late = ledger.afterFreeze();
            r.warn(missing + " deliveries missing after a " + ResultPrinter.f1(drainSeconds) + " s drain"
                    + (late > 0 ? " (" + late + " receipts kept arriving after the cut-off: the server was behind)" : ""));
        }
        if (sent == 0) {
            r.warn("nothing was sent in the measurement window");
        }
        return r;
    }
}
