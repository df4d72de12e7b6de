package io.parley.edge.cluster;

import java.util.ArrayList;
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
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Response;

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
    private final RoomKeys roomKeys;
    private final SequencedRooms sequenced = new SequencedRooms();
    /** Counts subscription losses; a catch-up retries only while no newer loss happened. */
    private volatile long subscriptionEpoch;

    /**
     * KEYS[1] = a room's sequence, KEYS[2] = its replay log; ARGV[1] = the last seq delivered here.
     * Returns {current seq, the payloads of the log's entries from seq ARGV[1] on}, or of the whole
     * log when the sequence is below ARGV[1] (Redis lost the counter: numbering started over).
     */
    static final String CATCH_UP_SCRIPT = """
            local current = tonumber(redis.call('GET', KEYS[1]) or '0')
            local after = tonumber(ARGV[1])
            if current < after then
              after = 0
            end
            local out = {}
            for _, entry in ipairs(redis.call('LRANGE', KEYS[2], 0, -1)) do
              if struct.unpack('>I8', entry) >= after then
                out[#out + 1] = string.sub(entry, 9)
              end
            end
            return {current, out}
            """;

    /** Rooms replayed at once after a reconnect. */
    private static final int CATCH_UP_CONCURRENCY = 16;
    private static final int CATCH_UP_ATTEMPTS = 5;

    public ClusterNode(ClusterConfig config, Vertx vertx, Instance<Redis> redis) {
        this.config = config;
        this.nodeId = config.nodeId().orElseGet(() -> "node-" + EngineIoServer.randomId().substring(0, 8));
        this.channels = new ClusterChannels(config.channelPrefix());
        this.vertx = vertx;
        this.roomKeys = new RoomKeys(config.keyPrefix());
        this.broker = config.enabled()
                ? new RedisBroker(redis.get(), vertx, config.reconnectInitialDelay(), config.reconnectMaxDelay())
                : null;
        if (broker != null) {
            broker.onMessage(this::onMessage);
            broker.onSubscriptionChanges(this::subscriptionLost, () -> catchUp(subscriptionEpoch, 1));
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

    public RoomKeys roomKeys() {
        return roomKeys;
    }

    /** The sequenced rooms of this node: the state of exactly-once, in-order chat delivery. */
    public SequencedRooms sequenced() {
        return sequenced;
    }

    /** Adapters for new namespaces: cluster-wide when enabled, in-memory otherwise. */
    public Function<Namespace, Adapter> adapterFactory() {
        if (broker == null) {
            return LocalAdapter::new;
        }
        return namespace -> {
            ClusterAdapter adapter = new ClusterAdapter(namespace, broker, channels, nodeId, metrics, vertx,
                    config.requestTimeout(), roomKeys, sequenced);
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

    private void subscriptionLost() {
        subscriptionEpoch++;
        sequenced.suspend();
    }

    /**
     * After a resubscription: fetches, for every room this node tracks, the messages its replay log
     * holds after the last one delivered here, and delivers them before anything held meanwhile.
     * A failed fetch is retried a few times (unless the subscription was lost again, which starts
     * a new catch-up); then the node goes on without the replay and says so.
     */
    private void catchUp(long epoch, int attempt) {
        Map<SequencedRooms.RoomRef, Long> positions = sequenced.positions();
        if (positions.isEmpty()) {
            sequenced.resume(Map.of(), List.of(), this::deliverReplayed);
            return;
        }
        Map<SequencedRooms.RoomRef, Long> current = new ConcurrentHashMap<>();
        Multi.createFrom().iterable(positions.entrySet())
                .onItem().transformToUni(position -> replayAfter(position.getKey(), position.getValue(), current))
                .merge(CATCH_UP_CONCURRENCY)
                .collect().in(ArrayList<BroadcastMessage>::new, List::addAll)
                .subscribe().with(replay -> {
                    if (epoch == subscriptionEpoch) {
                        sequenced.resume(current, replay, this::deliverReplayed);
                        LOG.infof("caught up %d rooms after the Redis subscription was back (%d replayed so far)",
                                positions.size(), sequenced.replayedDelivered());
                    }
                }, failure -> {
                    if (epoch != subscriptionEpoch) {
                        return;
                    }
                    if (attempt < CATCH_UP_ATTEMPTS) {
                        vertx.setTimer(200L * attempt, t -> catchUp(epoch, attempt + 1));
                    } else {
                        LOG.warnf("could not replay the rooms' messages after a Redis reconnect (%s): messages "
                                + "published while the subscription was down may be missing here; clients see "
                                + "the gap in seq", failure.getMessage());
                        sequenced.resume(Map.of(), List.of(), this::deliverReplayed);
                    }
                });
    }

    /** The room's current sequence (into {@code current}) and its replay entries after {@code lastSeq}. */
    private Uni<List<BroadcastMessage>> replayAfter(SequencedRooms.RoomRef room, long lastSeq,
            Map<SequencedRooms.RoomRef, Long> current) {
        List<String> keys = List.of(roomKeys.sequence(room.room()), roomKeys.replay(room.room()));
        return broker.eval(CATCH_UP_SCRIPT, keys, List.of(lastSeq)).map(response -> {
            current.put(room, response.get(0).toLong());
            List<BroadcastMessage> out = new ArrayList<>();
            Response entries = response.get(1);
            if (entries != null) {
                for (Response entry : entries) {
                    try {
                        BroadcastMessage message = BroadcastMessage.decode(entry.toBytes());
                        if (room.nsp().equals(message.packet().nsp())) {
                            out.add(message);
                        }
                    } catch (RuntimeException e) {
                        metrics.malformed();
                    }
                }
            }
            return out;
        });
    }

    private void deliverReplayed(BroadcastMessage message) {
        ClusterAdapter adapter = adapters.get(message.packet().nsp());
        if (adapter != null) {
            adapter.deliverLocally(message);
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
