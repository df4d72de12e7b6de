package io.parley.edge.transport;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.handler.timeout.IdleStateHandler;

/**
 * Takes the HTTP idle timeout out of a WebSocket session's channel. Vert.x puts an
 * {@link IdleStateHandler} on every HTTP connection ({@code quarkus.http.idle-timeout}); on an
 * Engine.IO session it can never fire, since the heartbeat (a ping every
 * {@code parley.engineio.ping-interval}) keeps the connection busy and closes it when the client
 * stops answering within {@code parley.engineio.ping-timeout}. Removing it saves its timer and state
 * (about 250 bytes a connection) and the timestamp it takes on every read.
 */
final class HeartbeatOnlyTimeout {

    private HeartbeatOnlyTimeout() {
    }

    /** Removes every idle-state handler from the channel's pipeline; returns how many there were. */
    static int apply(Channel channel) {
        List<ChannelHandler> idle = new ArrayList<>(1);
        for (Map.Entry<String, ChannelHandler> entry : channel.pipeline()) {
            if (entry.getValue() instanceof IdleStateHandler) {
                idle.add(entry.getValue());
            }
        }
        for (ChannelHandler handler : idle) {
            channel.pipeline().remove(handler);
        }
        return idle.size();
    }
}
