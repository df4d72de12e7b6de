package io.parley.edge.engineio;

import java.util.concurrent.atomic.LongAdder;

/** Counters of one Engine.IO server, read by the metrics binder; cheap to bump on the hot path. */
public final class EngineIoStats {

    final LongAdder pollingHandshakes = new LongAdder();
    final LongAdder webSocketHandshakes = new LongAdder();
    final LongAdder[] rejections = new LongAdder[HandshakeError.values().length];
    final LongAdder framesIn = new LongAdder();
    final LongAdder bytesIn = new LongAdder();
    final LongAdder framesOut = new LongAdder();
    final LongAdder bytesOut = new LongAdder();
    final LongAdder volatileDrops = new LongAdder();
    final LongAdder slowClients = new LongAdder();
    final LongAdder protocolErrors = new LongAdder();
    final LongAdder upgrades = new LongAdder();

    EngineIoStats() {
        for (int i = 0; i < rejections.length; i++) {
            rejections[i] = new LongAdder();
        }
    }

    public long handshakes(String transport) {
        return "polling".equals(transport) ? pollingHandshakes.sum() : webSocketHandshakes.sum();
    }

    public long rejections(HandshakeError error) {
        return rejections[error.ordinal()].sum();
    }

    public long framesIn() {
        return framesIn.sum();
    }

    public long bytesIn() {
        return bytesIn.sum();
    }

    public long framesOut() {
        return framesOut.sum();
    }

    public long bytesOut() {
        return bytesOut.sum();
    }

    public long volatileDrops() {
        return volatileDrops.sum();
    }

    public long slowClientDisconnects() {
        return slowClients.sum();
    }

    public long protocolErrors() {
        return protocolErrors.sum();
    }

    public long upgrades() {
        return upgrades.sum();
    }
}
