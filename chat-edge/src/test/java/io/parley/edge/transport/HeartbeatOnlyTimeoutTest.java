package io.parley.edge.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;

/** A WebSocket session's channel loses the HTTP idle timeout and keeps everything else. */
class HeartbeatOnlyTimeoutTest {

    @Test
    void theIdleHandlerIsRemovedAndTheCodecsStay() {
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.pipeline().addLast("idle", new IdleStateHandler(0, 0, 30, TimeUnit.MINUTES))
                .addLast("wsdecoder", new WebSocket13FrameDecoder(true, false, 65536))
                .addLast("wsencoder", new WebSocket13FrameEncoder(false));

        assertEquals(1, HeartbeatOnlyTimeout.apply(channel));

        List<String> names = channel.pipeline().names();
        assertTrue(names.containsAll(List.of("wsdecoder", "wsencoder")), names.toString());
        assertTrue(names.stream().noneMatch("idle"::equals), names.toString());
        assertEquals(0, HeartbeatOnlyTimeout.apply(channel), "nothing left to remove");
        channel.finishAndReleaseAll();
    }

    @Test
    void aRemovedIdleHandlerNoLongerFiresAfterItsTimeout() throws Exception {
        EmbeddedChannel channel = new EmbeddedChannel();
        AtomicInteger idleEvents = new AtomicInteger();
        channel.pipeline().addLast(new IdleStateHandler(0, 0, 1, TimeUnit.MILLISECONDS))
                .addLast(new ChannelInboundHandlerAdapter() {
                    @Override
                    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
                        if (event instanceof IdleStateEvent) {
                            idleEvents.incrementAndGet();
                        }
                    }
                });
        HeartbeatOnlyTimeout.apply(channel);
        Thread.sleep(20);
        channel.runPendingTasks();
        channel.runScheduledPendingTasks();
        assertEquals(0, idleEvents.get());
        channel.finishAndReleaseAll();
    }
}
