package io.parley.edge.engineio;

/**
 * What sits above Engine.IO (Socket.IO, or the conformance echo). Every call runs on the session's
 * home event loop, one at a time.
 */
public interface EngineIoListener {

    void onOpen(EngineIoSession session);

    /** A MESSAGE packet, text or binary. */
    void onMessage(EngineIoSession session, EngineIoPacket packet);

    void onClose(EngineIoSession session, String reason);
}
