package io.parley.edge.transport;

import org.jboss.logging.Logger;

import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * Puts Netty's {@link FlushConsolidationHandler} on the channel of a connection being upgraded to
 * WebSocket. Vert.x flushes after every frame it writes outside of a read, so a broadcast costs one
 * write syscall per recipient per message; with this handler a connection is flushed once per
 * event-loop pass, and the frames queued for it in that pass go out in one syscall. A flush still
 * happens in the same pass, so no latency is added.
 */
final class FlushConsolidation {

    private static final Logger LOG = Logger.getLogger(FlushConsolidation.class);
    static final String HANDLER = "parley-flush-consolidation";
    /** Flush at the latest after this many consolidated flushes even within one pass. */
    private static final int EXPLICIT_FLUSH_AFTER = 256;
    private static volatile boolean warned;

    private FlushConsolidation() {
    }

    /** The Netty channel under a request's connection, or null when Vert.x does not expose it. */
    static Channel channelOf(HttpServerRequest request) {
        HttpConnection connection = request.connection();
        if (!(connection instanceof ConnectionBase base)) {
            warnOnce("connection is a " + (connection == null ? "null" : connection.getClass().getName()));
            return null;
        }
        return base.channel();
    }

    static void install(Channel channel) {
        ChannelPipeline pipeline = channel.pipeline();
        if (pipeline.get(HANDLER) == null) {
            pipeline.addFirst(HANDLER, new FlushConsolidationHandler(EXPLICIT_FLUSH_AFTER, true));
        }
    }

    private static void warnOnce(String why) {
        if (!warned) {
            warned = true;
            LOG.warnf("WebSocket flush consolidation not available (%s): frames are flushed one by one", why);
        }
    }
}
