package io.parley.edge.socketio;

import java.util.ArrayList;
import java.util.List;

import io.parley.edge.engineio.OutboundFrame;

/**
 * A Socket.IO packet encoded once: the text part and its binary attachments, ready to be written to
 * any number of sessions as Engine.IO frames.
 */
public record EncodedPacket(String text, List<byte[]> attachments) {

    /** The Engine.IO frames: one MESSAGE text frame, then one binary frame per attachment. */
    public List<OutboundFrame> frames() {
        if (attachments.isEmpty()) {
            return List.of(OutboundFrame.message(text));
        }
        List<OutboundFrame> frames = new ArrayList<>(1 + attachments.size());
        frames.add(OutboundFrame.message(text));
        for (byte[] attachment : attachments) {
            frames.add(OutboundFrame.binary(attachment));
        }
        return frames;
    }

    /** {@link #frames()} for a broadcast: they may wait for each connection's flush interval. */
    public List<OutboundFrame> broadcastFrames() {
        return frames().stream().map(OutboundFrame::forBroadcast).toList();
    }
}
