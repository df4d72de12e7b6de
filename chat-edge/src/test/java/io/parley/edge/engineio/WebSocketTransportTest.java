package io.parley.edge.engineio;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalServerChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;

/**
 * The direct write path of {@link WebSocketTransport} on a real Netty channel pair (in-JVM local
 * transport): the server side has a WebSocket encoder like a Vert.x connection, the client side
 * decodes what arrives. Checks that frames arrive whole and in the order they were sent, whichever
 * thread sent them.
 */
class WebSocketTransportTest {

    private EventLoopGroup loops;
    private Channel serverSide;
    private Channel clientSide;
    private final List<String> received = new CopyOnWriteArrayList<>();

    @BeforeEach
    void connect() throws Exception {
        connect(new DefaultEventLoopGroup(3));
    }

    /** Replaces the channel pair with one on NIO event loops (those run LoopFlusher's tail tasks). */
    private void reconnectOnNioLoops() throws Exception {
        close();
        received.clear();
        connect(new NioEventLoopGroup(3));
    }

    private void connect(EventLoopGroup group) throws Exception {
        loops = group;
        LocalAddress address = new LocalAddress("ws-transport-test-" + System.nanoTime());
        CompletableFuture<Channel> accepted = new CompletableFuture<>();
        new ServerBootstrap().group(loops).channel(LocalServerChannel.class)
                .childHandler(new ChannelInitializer<LocalChannel>() {
                    @Override
                    protected void initChannel(LocalChannel ch) {
                        ch.pipeline().addLast("wsencoder", new WebSocket13FrameEncoder(false));
                        accepted.complete(ch);
                    }
                }).bind(address).sync();
        clientSide = new Bootstrap().group(loops).channel(LocalChannel.class)
                .handler(new ChannelInitializer<LocalChannel>() {
                    @Override
                    protected void initChannel(LocalChannel ch) {
                        ch.pipeline().addLast(new WebSocket08FrameDecoder(false, false, 1 << 20));
                        ch.pipeline().addLast(new SimpleChannelInboundHandler<TextWebSocketFrame>() {
                            @Override
                            protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
                                received.add(frame.text());
                            }
                        });
                    }
                }).connect(address).sync().channel();
        serverSide = accepted.get(5, TimeUnit.SECONDS);
    }

    @AfterEach
    void close() throws Exception {
        clientSide.close().sync();
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    private EventLoop otherLoop() {
        EventLoop own = serverSide.eventLoop();
        for (int i = 0; i < 10; i++) {
            EventLoop candidate = loops.next();
            if (candidate != own) {
                return candidate;
            }
        }
        throw new IllegalStateException("no second loop");
    }

    @Test
    void writesBelowTheEncoderWhenThePipelineHasOne() {
        WebSocketTransport transport = new WebSocketTransport(null, serverSide, 0);
        assertTrue(transport.writesDirectly());
    }

    @Test
    void framesFromManyThreadsArriveWholeAndInOrder() throws Exception {
        WebSocketTransport transport = new WebSocketTransport(null, serverSide, 0);
        EventLoop other = otherLoop();
        List<String> expected = new ArrayList<>();
        // one logical sender whose sends hop between the channel's loop, another loop (batched and
        // not) and a plain thread; each send happens after the previous one
        for (int i = 0; i < 300; i++) {
            String text = "42[\"n\"," + i + "]";
            expected.add(text);
            OutboundFrame frame = OutboundFrame.text(text);
            switch (i % 4) {
                case 0 -> serverSide.eventLoop().submit(() -> transport.send(frame)).sync();
                case 1 -> other.submit(() -> {
                    try (WriteBatch batch = WriteBatch.open()) {
                        transport.send(frame);
                    }
                }).sync();
                case 2 -> other.submit(() -> transport.send(frame)).sync();
                default -> transport.send(frame);
            }
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == expected.size());
        assertEquals(expected, received);
    }

    @Test
    void framesFromManyThreadsArriveWholeAndInOrderOnNioLoops() throws Exception {
        reconnectOnNioLoops();
        framesFromManyThreadsArriveWholeAndInOrder();
    }

    @Test
    void aSendOnTheOwnLoopQueuesBehindWritesQueuedFromElsewhere() throws Exception {
        WebSocketTransport transport = new WebSocketTransport(null, serverSide, 0);
        EventLoop other = otherLoop();
        CountDownLatch firstQueued = new CountDownLatch(1);
        // the channel's loop is busy in a task while another loop queues frame "first" to it; the
        // task then sends "second" itself, which must not overtake "first"
        var task = serverSide.eventLoop().submit(() -> {
            try {
                assertTrue(firstQueued.await(5, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            assertEquals(1, transport.backlog(), "the queued frame counts as backlog");
            transport.send(OutboundFrame.text("second"));
        });
        other.submit(() -> {
            try (WriteBatch batch = WriteBatch.open()) {
                transport.send(OutboundFrame.text("first"));
            }
            firstQueued.countDown();
        }).sync();
        task.sync();
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 2);
        assertEquals(List.of("first", "second"), received);
        await().atMost(Duration.ofSeconds(10)).until(() -> transport.backlog() == 0);
    }

    @Test
    void aBatchSendsNothingUntilItIsClosed() throws Exception {
        WebSocketTransport transport = new WebSocketTransport(null, serverSide, 0);
        EventLoop other = otherLoop();
        CountDownLatch sent = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        other.execute(() -> {
            try (WriteBatch batch = WriteBatch.open()) {
                transport.send(OutboundFrame.text("a"));
                transport.send(OutboundFrame.text("b"));
                sent.countDown();
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertTrue(sent.await(5, TimeUnit.SECONDS));
        assertEquals(2, transport.backlog());
        // the loop can run other work meanwhile: nothing of the open batch has reached it
        serverSide.eventLoop().submit(() -> {
        }).sync();
        assertTrue(received.isEmpty());
        release.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 2);
        assertEquals(List.of("a", "b"), received);
    }
    @Test
    void aBroadcastFrameToABusyConnectionWaitsForItsFlushInterval() throws Exception {
        reconnectOnNioLoops();
        WebSocketTransport transport = new WebSocketTransport(null, serverSide, TimeUnit.SECONDS.toNanos(2));
        // a quiet connection is flushed at the end of the pass
        serverSide.eventLoop().submit(() -> transport.send(OutboundFrame.message("first").forBroadcast())).sync();
        await().atMost(Duration.ofSeconds(1)).until(() -> received.size() == 1);
        long flushed = System.nanoTime();
        // flushed just now: the next broadcast frame waits for the rest of the 2 s
        serverSide.eventLoop().submit(() -> transport.send(OutboundFrame.message("second").forBroadcast())).sync();
        Thread.sleep(300);
        assertEquals(List.of("4first"), received, "held back within the interval");
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 2);
        assertTrue(System.nanoTime() - flushed >= TimeUnit.MILLISECONDS.toNanos(1500),
                "flushed by the timer once the interval had passed");
        assertEquals(List.of("4first", "4second"), received);
    }

    @Test
    void aReplyIsNotHeldBackAndTakesTheWaitingBroadcastFramesWithIt() throws Exception {
        reconnectOnNioLoops();
        // an interval far longer than the wait below: only a prompt flush delivers in time
        WebSocketTransport transport = new WebSocketTransport(null, serverSide, TimeUnit.SECONDS.toNanos(60));
        serverSide.eventLoop().submit(() -> transport.send(OutboundFrame.message("first").forBroadcast())).sync();
        await().atMost(Duration.ofSeconds(5)).until(() -> received.size() == 1);
        serverSide.eventLoop().submit(() -> transport.send(OutboundFrame.message("broadcast").forBroadcast())).sync();
        serverSide.eventLoop().submit(() -> transport.send(OutboundFrame.message("3ack"))).sync();
        await().atMost(Duration.ofSeconds(5)).until(() -> received.size() == 3);
        assertEquals(List.of("4first", "4broadcast", "43ack"), received);
    }

    @Test
    void withoutAFlushIntervalEveryPassFlushes() throws Exception {
        reconnectOnNioLoops();
        WebSocketTransport transport = new WebSocketTransport(null, serverSide, 0);
        for (int i = 0; i < 3; i++) {
            String text = "n" + i;
            serverSide.eventLoop().submit(() -> transport.send(OutboundFrame.message(text).forBroadcast())).sync();
            int expected = i + 1;
            await().atMost(Duration.ofSeconds(5)).until(() -> received.size() == expected);
        }
        assertEquals(List.of("4n0", "4n1", "4n2"), received);
    }
}
