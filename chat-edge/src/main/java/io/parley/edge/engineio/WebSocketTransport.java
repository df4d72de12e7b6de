package io.parley.edge.engineio;

import java.util.Map;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

import org.jboss.logging.Logger;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPromise;
import io.netty.channel.VoidChannelPromise;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.websocketx.WebSocketFrameEncoder;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionEncoder;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;

/**
 * WebSocket: one packet per frame. When the connection's Netty channel is known (the usual case),
 * each frame's complete WebSocket bytes are built once per broadcast ({@link OutboundFrame}) and
 * written straight into the channel, below the WebSocket encoder, on the channel's own event loop:
 * no per-recipient encoding, no Uni, no promise. Writes from other threads are queued to that loop
 * (grouped per loop by {@link WriteBatch}) and keep their order: while any queued write is pending,
 * writes from the loop itself queue behind it. Without the channel, frames go through the
 * websockets-next connection (one Uni per frame).
 *
 * <p>{@link #backlog()} counts frames accepted but not yet handed to the kernel: the signal for
 * volatile drops and slow-client disconnects.
 */
public final class WebSocketTransport implements Transport {

    static final String NAME = "websocket";
    private static final Logger LOG = Logger.getLogger(WebSocketTransport.class);
    private static volatile boolean warned;

    private final WebSocketConnection connection;
    /** Where frames are written (just below the WebSocket encoder), or null: write through websockets-next. */
    private final ChannelHandlerContext out;
    private final Channel channel;
    private final EventLoop loop;
    /** Write outcomes are not needed: a failed write means the connection is going away, which its close reports. */
    private final ChannelPromise ignoreOutcome;
    /** Direct path: writes queued to the loop and not yet made. Fallback path: sends not yet completed. */
    private volatile int pending;
    private static final AtomicIntegerFieldUpdater<WebSocketTransport> PENDING =
            AtomicIntegerFieldUpdater.newUpdater(WebSocketTransport.class, "pending");
    private volatile EngineIoSession session;
    private volatile boolean closed;
    // flush state, loop only (LoopFlusher):
    /** Frames were written since the last flush. */
    boolean unflushed;
    /** One of them must not wait for the flush interval (a reply, a handshake, a ping). */
    boolean unflushedPrompt;
    /** Listed for the end of this loop pass. */
    boolean listedForPass;
    /** Listed for the flusher's timer (its flush interval had not passed). */
    boolean listedForTimer;
    /** When this connection was last flushed. */
    private long lastFlushNanos;
    /** See {@link io.parley.edge.config.EngineIoConfig#websocketFlushInterval()}. */
    private final long flushIntervalNanos;

    /**
     * @param channel the connection's Netty channel, or null to write through {@code connection}
     * @param flushIntervalNanos how often at most the connection is flushed while frames keep coming
     */
    public WebSocketTransport(WebSocketConnection connection, Channel channel,
            long flushIntervalNanos) {
        this.flushIntervalNanos = Math.max(0, flushIntervalNanos);
        this.lastFlushNanos = System.nanoTime() - this.flushIntervalNanos;
        this.connection = connection;
        this.out = channel == null ? null : writePoint(channel);
        this.channel = out == null ? null : channel;
        this.loop = out == null ? null : channel.eventLoop();
        this.ignoreOutcome = out == null ? null : new VoidChannelPromise(channel, false);
    }

    /** The context of the WebSocket encoder, when frames can be written below it as raw bytes. */
    private static ChannelHandlerContext writePoint(Channel channel) {
        ChannelHandlerContext encoder = null;
        for (Map.Entry<String, ChannelHandler> entry : channel.pipeline()) {
            ChannelHandler handler = entry.getValue();
            if (handler instanceof WebSocketExtensionEncoder) {
                // e.g. permessage-deflate: frames must go through the extension
                warnOnce("a WebSocket extension is in use");
                return null;
            }
            if (handler instanceof WebSocketFrameEncoder && encoder == null) {
                encoder = channel.pipeline().context(handler);
            }
        }
        if (encoder == null) {
            warnOnce("no WebSocket frame encoder in the pipeline " + channel.pipeline().names());
        }
        return encoder;
    }

    private static void warnOnce(String why) {
        if (!warned) {
            warned = true;
            LOG.warnf("WebSocket frames are written through websockets-next, one Uni per frame (%s)", why);
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    public WebSocketConnection connection() {
        return connection;
    }

    EngineIoSession session() {
        return session;
    }

    void attach(EngineIoSession session) {
        this.session = session;
    }

    /** Whether frames go straight into the Netty channel (false: through websockets-next). */
    boolean writesDirectly() {
        return out != null;
    }

    @Override
    public void send(OutboundFrame frame) {
        if (closed) {
            return;
        }
        if (out == null) {
            sendThroughConnection(frame);
        } else if (loop.inEventLoop() && pending == 0) {
            write(frame);
        } else {
            PENDING.incrementAndGet(this);
            WriteBatch batch = WriteBatch.current();
            if (batch != null) {
                batch.add(loop, this, frame);
            } else {
                loop.execute(() -> writeQueued(frame));
            }
        }
    }

    /** A write queued to the loop by {@link #send}; runs on the loop. */
    void writeQueued(OutboundFrame frame) {
        try {
            write(frame);
        } finally {
            PENDING.decrementAndGet(this);
        }
    }

    private void write(OutboundFrame frame) {
        if (closed || !channel.isActive()) {
            return;
        }
        out.write(frame.webSocketFrame(channel.alloc()), ignoreOutcome);
        unflushed = true;
        if (!frame.mayWait()) {
            unflushedPrompt = true;
        }
        if (!listedForPass && (!listedForTimer || unflushedPrompt)) {
            // at the end of this loop iteration at the earliest: the frames of a burst share one write syscall
            listedForPass = true;
            LoopFlusher.of(loop).add(this);
        }
    }

    /**
     * Nanoseconds until this connection's written frames may be flushed; 0 or less: now (a frame
     * that must not wait, or the flush interval has passed since the last flush). Loop only.
     */
    long nanosUntilFlush(long now) {
        return unflushedPrompt ? 0 : lastFlushNanos + flushIntervalNanos - now;
    }

    /** Called by the loop's {@link LoopFlusher}. */
    void flushNow(long now) {
        unflushed = false;
        unflushedPrompt = false;
        lastFlushNanos = now;
        if (channel.isActive()) {
            out.flush();
        }
    }

    private void sendThroughConnection(OutboundFrame frame) {
        PENDING.incrementAndGet(this);
        Uni<Void> write = frame.isBinary() ? connection.sendBinary(frame.binary()) : connection.sendText(frame.text());
        write.subscribe().with(ok -> PENDING.decrementAndGet(this), failure -> PENDING.decrementAndGet(this));
    }

    @Override
    public boolean writable() {
        return backlog() == 0;
    }

    @Override
    public int backlog() {
        if (out == null) {
            return pending;
        }
        ChannelOutboundBuffer buffer = channel.unsafe().outboundBuffer();
        long flushed = buffer == null ? 0 : buffer.size();
        return (int) Math.min(Integer.MAX_VALUE, flushed + pending);
    }

    @Override
    public void close(boolean clientInitiated) {
        if (closed) {
            return;
        }
        if (out != null && (!loop.inEventLoop() || pending > 0)) {
            // after the frames queued before it (e.g. a DISCONNECT packet)
            loop.execute(() -> closeNow());
        } else {
            closeNow();
        }
    }

    private void closeNow() {
        if (closed) {
            return;
        }
        closed = true;
        if (connection.isOpen()) {
            connection.close(CloseReason.NORMAL).subscribe().with(ok -> {
            }, failure -> {
            });
        }
    }

    boolean isClosed() {
        return closed;
    }
}
