package io.parley.edge.conformance;

import io.parley.edge.engineio.EngineIoListener;
import io.parley.edge.engineio.EngineIoPacket;
import io.parley.edge.engineio.EngineIoSession;
import io.parley.edge.engineio.OutboundFrame;

/** The Engine.IO protocol test server: every message is sent back as it came (text or binary). */
public final class EngineIoEcho implements EngineIoListener {

    @Override
    public void onOpen(EngineIoSession session) {
    }

    @Override
    public void onMessage(EngineIoSession session, EngineIoPacket packet) {
        session.send(packet.isBinary() ? OutboundFrame.binary(packet.binary()) : OutboundFrame.message(packet.text()));
    }

    @Override
    public void onClose(EngineIoSession session, String reason) {
    }
}
