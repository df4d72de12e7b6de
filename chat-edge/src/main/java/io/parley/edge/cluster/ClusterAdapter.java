package io.parley.edge.cluster;

import org.jboss.logging.Logger;

import io.parley.edge.socketio.BroadcastOptions;
import io.parley.edge.socketio.LocalAdapter;
import io.parley.edge.socketio.Namespace;
import io.parley.edge.socketio.SocketIoPacket;
import io.smallrye.mutiny.Uni;

/**
 * Rooms of one namespace across the cluster. The node subscribes to a room's channel only while it
 * has a local member in the room; a broadcast is delivered locally first, then published once.
 */
public final class ClusterAdapter extends LocalAdapter {

    private static final Logger LOG = Logger.getLogger(ClusterAdapter.class);

    private final RedisBroker broker;
    private final ClusterChannels channels;
    private final String uid;
    private final ClusterMetrics metrics;

    public ClusterAdapter(Namespace namespace, RedisBroker broker, ClusterChannels channels, String uid,
            ClusterMetrics metrics) {
        super(namespace);
        this.broker = broker;
        this.channels = channels;
        this.uid = uid;
        this.metrics = metrics;
    }

    @Override
    protected Uni<Void> onRoomCreated(String room) {
        return broker.subscribe(channels.room(namespace.name(), room));
    }

    @Override
    protected void onRoomDeleted(String room) {
        broker.unsubscribe(channels.room(namespace.name(), room));
    }

    @Override
    public int broadcast(SocketIoPacket packet, BroadcastOptions options) {
        int sent = localBroadcast(packet, options);
        if (!options.local()) {
            publish(new BroadcastMessage(uid, packet, options, false));
        }
        return sent;
    }

    /** The channel a broadcast goes to: the room's own when it targets exactly one room. */
    String channelFor(BroadcastOptions options) {
        return options.rooms().size() == 1 ? channels.room(namespace.name(), options.rooms().iterator().next())
                : channels.broadcast(namespace.name());
    }

    private void publish(BroadcastMessage message) {
        byte[] payload = message.encode();
        broker.publish(channelFor(message.options()), payload).subscribe().with(ok -> metrics.published(),
                failure -> LOG.debugf("cluster publish failed: %s", failure.getMessage()));
    }

    /** A broadcast from Redis: delivered to the local recipients. */
    void onBroadcast(BroadcastMessage message) {
        if (uid.equals(message.uid()) && !message.sequenced()) {
            return;
        }
        metrics.delivered();
        localBroadcast(message.packet(), message.options());
    }
}
