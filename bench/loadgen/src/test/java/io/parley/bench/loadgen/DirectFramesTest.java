package io.parley.bench.loadgen;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DirectFramesTest {

    /** Stands in for Vert.x's connection handler: collects what the tap passes on. */
    private static final class ConnectionHandler extends ChannelInboundHandlerAdapter {
        final List<Object> passedOn = new ArrayList<>();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            passedOn.add(msg);
        }
    }

    private final List<String> received = new ArrayList<>();
    private final ConnectionHandler vertx = new ConnectionHandler();
    private final EmbeddedChannel channel = new EmbeddedChannel();
    private DirectFrames tap;

    private void install() {
        channel.pipeline().addLast("handler", vertx);
        tap = DirectFrames.install(channel.pipeline().context("handler"), frame -> received.add(frame.toString()));
    }

    @Test
    void completeTextFramesGoToTheClientAndAreReleased() {
        install();
        TextWebSocketFrame frame = new TextWebSocketFrame("42[\"message:new\",{\"body\":\"7:42:99:x\"}]");
        channel.writeInbound(frame);
        assertEquals(List.of("42[\"message:new\",{\"body\":\"7:42:99:x\"}]"), received);
        assertEquals(0, frame.refCnt());
        assertTrue(vertx.passedOn.isEmpty());
    }

    @Test
    void fragmentsBinaryAndControlFramesGoOnToVertx() {
        install();
        TextWebSocketFrame first = new TextWebSocketFrame(false, 0, "42[\"message:new\",");
        ContinuationWebSocketFrame rest = new ContinuationWebSocketFrame(true, 0, "{}]");
        BinaryWebSocketFrame binary = new BinaryWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {1, 2}));
        PingWebSocketFrame ping = new PingWebSocketFrame();
        channel.writeInbound(first, rest, binary, ping);
        assertTrue(received.isEmpty());
        assertEquals(List.of(first, rest, binary, ping), vertx.passedOn);
        vertx.passedOn.forEach(f -> ((io.netty.util.ReferenceCounted) f).release());
    }

    @Test
    void aReplyWrittenWhileReadingIsFlushedWhenTheReadCompletes() {
        channel.pipeline().addLast("handler", vertx);
        tap = DirectFrames.install(channel.pipeline().context("handler"), frame -> tap.writeText("3"));
        channel.pipeline().fireChannelRead(new TextWebSocketFrame("2"));
        assertNull(channel.readOutbound(), "not flushed before the read completes");
        channel.pipeline().fireChannelReadComplete();
        TextWebSocketFrame pong = assertInstanceOf(TextWebSocketFrame.class, channel.readOutbound());
        assertEquals("3", pong.text());
        pong.release();
    }

    @Test
    void aFrameWrittenOutsideAReadIsFlushedAtOnce() {
        install();
        tap.writeText("42[\"message:send\",{\"body\":\"é\"}]");
        TextWebSocketFrame sent = assertInstanceOf(TextWebSocketFrame.class, channel.readOutbound());
        ByteBuf content = sent.content();
        assertEquals("42[\"message:send\",{\"body\":\"é\"}]", content.toString(StandardCharsets.UTF_8));
        sent.release();
    }
}
