package io.parley.bench.loadgen;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.util.concurrent.FastThreadLocal;

import java.util.function.Consumer;

/**
 * One client's text frames taken straight off its Netty pipeline, and its text frames written straight into it,
 * below Vert.x's WebSocket API. Through that API each received frame becomes a String (a UTF-8 decode and a copy)
 * and passes a context dispatch, an inbound buffer and a frame aggregator; each sent one allocates a promise. At
 * Parley's saturation that was over a third of the load generator's core.
 *
 * <p>It sits just before Vert.x's connection handler, after the WebSocket decoder and encoder, once Vert.x has
 * completed the handshake. Complete (final) text frames go to the receiver, read in place ({@link FrameChars});
 * everything else (fragments, binary, ping, pong and close frames) goes on to Vert.x, which still handles the
 * WebSocket protocol and the close. Frames written while a read is in progress are flushed when it completes, so
 * replies sent from a receipt share the socket write; frames written otherwise are flushed at once.
 *
 * <p>Used on the channel's event loop only.
 */
final class DirectFrames extends ChannelInboundHandlerAdapter {

    static final String NAME = "parley-loadgen-frames";

    private static final FastThreadLocal<FrameChars> CHARS = new FastThreadLocal<>() {
        @Override
        protected FrameChars initialValue() {
            return new FrameChars(1024);
        }
    };

    private final Consumer<CharSequence> receiver;
    private ChannelHandlerContext ctx;
    private boolean reading;
    private boolean flushPending;

    DirectFrames(Consumer<CharSequence> receiver) {
        this.receiver = receiver;
    }

    /** Installs a tap just before {@code connectionHandler} (Vert.x's handler of the WebSocket's connection). */
    static DirectFrames install(ChannelHandlerContext connectionHandler, Consumer<CharSequence> receiver) {
        DirectFrames tap = new DirectFrames(receiver);
        connectionHandler.pipeline().addBefore(connectionHandler.name(), NAME, tap);
        return tap;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof TextWebSocketFrame && ((TextWebSocketFrame) msg).isFinalFragment()) {
            TextWebSocketFrame frame = (TextWebSocketFrame) msg;
            reading = true;
            try {
                receiver.accept(CHARS.get().fill(frame.content()));
            } finally {
                frame.release();
            }
            return;
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        reading = false;
        if (flushPending) {
            flushPending = false;
            ctx.flush();
        }
        ctx.fireChannelReadComplete();
    }

    /** Writes one text frame (UTF-8); flushed at the end of the current read, or at once outside a read. */
    void writeText(String text) {
        ByteBuf payload = ByteBufUtil.writeUtf8(ctx.alloc(), text);
        TextWebSocketFrame frame = new TextWebSocketFrame(payload);
        if (reading) {
            ctx.write(frame, ctx.voidPromise());
            flushPending = true;
        } else {
            ctx.writeAndFlush(frame, ctx.voidPromise());
        }
    }

    /** Whether the channel's outbound buffer is above its high-water mark. */
    boolean writeQueueFull() {
        return !ctx.channel().isWritable();
    }
}
