package io.parley.edge.cluster;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import io.parley.edge.config.ClusterConfig;
import io.parley.edge.engineio.EngineIoServer;
import io.parley.edge.socketio.Adapter;
import io.parley.edge.socketio.LocalAdapter;
import io.parley.edge.socketio.Namespace;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;

/**
 * This node's membership in the cluster: its id, the Redis broker, and one {@link ClusterAdapter}
 * per namespace. With {@code parley.cluster.enabled=false} every namespace gets a
 * {@link LocalAdapter} and Redis is never touched.
 */
@ApplicationScoped
public class ClusterNode {

    private static final Logger LOG = Logger.getLogger(ClusterNode.class);

    private final ClusterConfig config;
    private final String nodeId;
    private final ClusterChannels channels;
    private final ClusterMetrics metrics = new ClusterMetrics();
    private final RedisBroker broker;
    private final Vertx vertx;
    private final Map<String, ClusterAdapter> adapters = new ConcurrentHashMap<>();

    public ClusterNode(ClusterConfig config, Vertx vertx, Instance<Redis> redis) {
        this.config = config;
        this.nodeId = config.nodeId().orElseGet(() -> "node-" + EngineIoServer.randomId().substring(0, 8));
        this.channels = new ClusterChannels(config.channelPrefix());
        this.vertx = vertx;
        this.broker = config.enabled()
                ? new RedisBroker(redis.get(), vertx, config.reconnectInitialDelay(), config.reconnectMaxDelay())
                : null;
        if (broker != null) {
            broker.onMessage(this::onMessage);
        }
    }

    public boolean enabled() {
        return broker != null;
    }

    public String nodeId() {
        return nodeId;
    }

    public ClusterChannels channels() {
        return channels;
    }

    public ClusterMetrics metrics() {
        return metrics;
    }

    /** The broker, present when the cluster is enabled. */
    public RedisBroker broker() {
        return broker;
    }

    public String key(String suffix) {
        return config.keyPrefix() + suffix;
    }

    /** Adapters for new namespaces: cluster-wide when enabled, in-memory otherwise. */
    public Function<Namespace, Adapter> adapterFactory() {
        if (broker == null) {
            return LocalAdapter::new;
        }
        return namespace -> {
            ClusterAdapter adapter = new ClusterAdapter(namespace, broker, channels, nodeId, metrics, vertx,
                    config.requestTimeout());
            adapters.put(namespace.name(), adapter);
            for (String channel : List.of(channels.broadcast(namespace.name()), channels.request(namespace.name()),
                    channels.response(namespace.name()))) {
                broker.subscribePermanently(channel).subscribe().with(v -> {
                }, e -> {
                });
            }
            return adapter;
        };
    }

    void start(@Observes StartupEvent event) {
        if (broker != null) {
            broker.start();
            LOG.infof("cluster node %s fanning out through Redis", nodeId);
        }
    }

    void stop(@Observes ShutdownEvent event) {
        if (broker != null) {
            broker.stop();
        }
    }

    private void onMessage(String channel, byte[] payload) {
        if (channels.isBroadcast(channel)) {
            BroadcastMessage message;
            try {
                message = BroadcastMessage.decode(payload);
            } catch (RuntimeException e) {
                metrics.malformed();
                LOG.debugf("ignoring malformed broadcast on %s: %s", channel, e.getMessage());
                return;
            }
            ClusterAdapter adapter = adapters.get(message.packet().nsp());
            if (adapter != null) {
                adapter.onBroadcast(message);
            }
        } else if (channels.isRequest(channel) || channels.isResponse(channel)) {
            JsonNode message;
            try {
                message = ClusterMessages.decode(payload);
            } catch (RuntimeException e) {
                metrics.malformed();
                return;
            }
            ClusterAdapter adapter = adapters.get(namespaceOf(channel));
            if (adapter == null) {
                return;
            }
            if (channels.isRequest(channel)) {
                adapter.onRequest(message);
            } else {
                adapter.onResponse(message);
            }
        }
    }

    /** The namespace in {@code <prefix>-request#<nsp>#...}. */
    private static String namespaceOf(String channel) {
        int start = channel.indexOf('#') + 1;
        int end = channel.indexOf('#', start);
        return start > 0 && end > start ? channel.substring(start, end) : "";
    }
}
