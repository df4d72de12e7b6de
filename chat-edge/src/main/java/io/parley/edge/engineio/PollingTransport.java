package io.parley.edge.engineio;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * HTTP long-polling: frames wait in a buffer until the client's GET collects them. Frames sent in
 * one event-loop pass go out in one response. Guarded by the session's lock.
 */
final class PollingTransport implements Transport {

    static final String NAME = "polling";

    private final EngineIoSession session;
    private final List<OutboundFrame> buffer = new ArrayList<>();
    private RoutingContext pendingGet;
    private boolean flushScheduled;

    PollingTransport(EngineIoSession session) {
        this.session = session;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void send(OutboundFrame frame) {
        buffer.add(frame);
        if (pendingGet != null && !flushScheduled) {
            flushScheduled = true;
            session.home().runOnContext(v -> session.flushPolling());
        }
    }

    @Override
    public boolean writable() {
        return pendingGet != null;
    }

    @Override
    public int backlog() {
        return buffer.size();
    }

    @Override
    public void close(boolean clientInitiated) {
        if (pendingGet != null) {
            if (clientInitiated) {
                buffer.clear();
                buffer.add(OutboundFrame.NOOP);
            } else {
                buffer.add(OutboundFrame.CLOSE);
            }
            flush();
        }
    }

    /** @return false when another GET is already waiting (an overlap the caller must reject) */
    boolean onGet(RoutingContext rc) {
        if (pendingGet != null) {
            return false;
        }
        pendingGet = rc;
        if (!buffer.isEmpty()) {
            flush();
        } else {
            rc.response().closeHandler(v -> session.onPollClosedPrematurely(rc));
        }
        return true;
    }

    boolean hasPendingGet() {
        return pendingGet != null;
    }

    boolean isPendingGet(RoutingContext rc) {
        return pendingGet == rc;
    }

    void forgetPendingGet() {
        pendingGet = null;
    }

    /** Answers a waiting GET with a noop, as the reference server does while an upgrade runs. */
    void answerWithNoop() {
        if (pendingGet != null) {
            respond(pendingGet, "6");
            pendingGet = null;
        }
    }

    /** Hands the buffered frames over (to a WebSocket after an upgrade). */
    List<OutboundFrame> drain() {
        List<OutboundFrame> frames = new ArrayList<>(buffer);
        buffer.clear();
        return frames;
    }

    void flush() {
        flushScheduled = false;
        if (pendingGet == null || buffer.isEmpty()) {
            return;
        }
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < buffer.size(); i++) {
            if (i > 0) {
                body.append(EngineIoCodec.RECORD_SEPARATOR);
            }
            OutboundFrame frame = buffer.get(i);
            if (frame.isBinary()) {
                body.append('b').append(java.util.Base64.getEncoder().encodeToString(frame.binary()));
            } else {
                body.append(frame.text());
            }
        }
        buffer.clear();
        RoutingContext rc = pendingGet;
        pendingGet = null;
        respond(rc, body.toString());
    }

    private void respond(RoutingContext rc, String body) {
        HttpServerResponse response = rc.response();
        if (response.ended() || response.closed()) {
            return;
        }
        response.closeHandler(null);
        response.putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=UTF-8");
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        EngineIoServer server = session.server();
        if (server.httpCompressionEnabled() && bytes.length >= server.httpCompressionThreshold()
                && acceptsGzip(rc)) {
            bytes = gzip(bytes);
            response.putHeader(HttpHeaders.CONTENT_ENCODING, "gzip");
            response.putHeader(HttpHeaders.VARY, "Accept-Encoding");
        }
        response.setStatusCode(200).end(Buffer.buffer(bytes));
    }

    private static boolean acceptsGzip(RoutingContext rc) {
        String accept = rc.request().getHeader(HttpHeaders.ACCEPT_ENCODING);
        return accept != null && accept.contains("gzip");
    }

    private static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 3 + 32);
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }
}
