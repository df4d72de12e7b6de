package io.parley.edge.presence;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.parley.edge.cluster.ClusterNode;
import io.parley.edge.config.ClusterConfig;
import io.parley.edge.config.PresenceConfig;
import io.parley.edge.presence.PresenceStore.Members;
import io.parley.edge.presence.PresenceStore.RoomExit;
import io.parley.edge.presence.PresenceStore.UserEntry;
import io.parley.edge.socketio.Namespace;
import io.parley.edge.socketio.Socket;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

/**
 * Who is online, cluster-wide and per room, and the session of every socket, kept in Redis by
 * {@link PresenceStore}. This node tracks its own sockets (user, rooms), reports their transitions,
 * refreshes their entries every third of the TTL, and sweeps dead nodes when it holds the sweep
 * lock. It emits {@code presence} events to a room (through the namespace's broadcast, so on every
 * node) when a user enters or leaves the room's online members. Presence is best effort: a Redis
 * failure is logged and counted, and never fails a chat action.
 */
@ApplicationScoped
public class PresenceService {

    private static final Logger LOG = Logger.getLogger(PresenceService.class);

    /** A socket as presence knows it. Its Redis operations run one after the other. */
    private static final class Tracked {
        final String userId;
        final String socketId;
        /**
         * Rooms registered in Redis for this socket (its own and user rooms are not tracked), in join
         * order, each once. A socket is in a few rooms: a short list is smaller than a set.
         */
        private final List<String> rooms = new ArrayList<>(2);
        CompletableFuture<Void> tail;
        volatile boolean registered;

        Tracked(String userId, String socketId, CompletableFuture<Void> tail) {
            this.userId = userId;
            this.socketId = socketId;
            this.tail = tail;
        }

        synchronized List<String> roomList() {
            return List.copyOf(rooms);
        }

        synchronized boolean has(String roomId) {
            return rooms.contains(roomId);
        }

        synchronized void add(String roomId) {
            if (!rooms.contains(roomId)) {
                rooms.add(roomId);
            }
        }

        synchronized void remove(String roomId) {
            rooms.remove(roomId);
        }
    }

    private final PresenceConfig config;
    private final Vertx vertx;
    private final PresenceStore store;
    private final Duration ttl;
    private final Map<String, Tracked> sockets = new ConcurrentHashMap<>();
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final AtomicBoolean ticking = new AtomicBoolean();
    private volatile boolean stopping;
    private final Counter failures;
    private final AtomicLong lastWarning = new AtomicLong();
    private volatile Namespace namespace;
    private long timer = -1;

    public PresenceService(PresenceConfig config, ClusterConfig cluster, ClusterNode node, Vertx vertx,
            MeterRegistry registry) {
        this.config = config;
        this.vertx = vertx;
        this.ttl = cluster.presenceTtl();
        this.store = node.enabled() && config.enabled()
                ? new PresenceStore(node.broker(), cluster.keyPrefix(), node.nodeId(), ttl, config.keepFactor(),
                        cluster.sendTimeout())
                : null;
        this.failures = Counter.builder("parley.presence.failures")
                .description("presence updates that failed because Redis did not answer").register(registry);
        if (store == null) {
            ready.complete(null);
        }
    }

    /** Whether presence is kept in Redis (otherwise only this node's sockets are known). */
    public boolean enabled() {
        return store != null;
    }

    /** Starts tracking the namespace: clears this node's previous run, then refreshes and sweeps. */
    public void start(Namespace namespace) {
        this.namespace = namespace;
        if (store == null) {
            return;
        }
        startUp(1);
        long period = Math.max(100, ttl.toMillis() / 3);
        timer = vertx.setPeriodic(period, period, t -> tick());
    }

    /**
     * Clears what a previous run under the same node id registered (stale now), then marks the node
     * alive. Until that succeeds the node's users would look offline to the other nodes, so a failure
     * (Redis slow or still connecting, e.g. discovering a Redis Cluster's slots) is retried after
     * 0.5 s, 1 s, 2 s... instead of waiting for the first periodic refresh (TTL/3). A retry only
     * refreshes: users may have connected meanwhile, and sweeping this node id would remove them;
     * the previous run's leftovers then expire with their keys (keep-factor x TTL).
     */
    private void startUp(int attempt) {
        (attempt == 1 ? sweepNode(store.nodeId(), true) : Uni.createFrom().voidItem())
                .chain(() -> refresh())
                .subscribe().with(ok -> ready.complete(null), failure -> {
                    warn("presence start-up cleanup failed (attempt " + attempt + ")", failure);
                    ready.complete(null);
                    if (!stopping) {
                        long delay = Math.min(ttl.toMillis() / 3, 500L << Math.min(attempt - 1, 5));
                        vertx.setTimer(Math.max(100, delay), t -> startUp(attempt + 1));
                    }
                });
    }

    void stop(@Observes ShutdownEvent event) {
        stopping = true;
        if (store == null) {
            return;
        }
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        try {
            // peers see the node gone now instead of after the TTL
            store.retire().await().atMost(Duration.ofSeconds(2));
        } catch (RuntimeException e) {
            LOG.debugf("could not retire presence of node %s: %s", store.nodeId(), e.getMessage());
        }
    }

    // ---- socket lifecycle ----

    /** A socket of {@code userId} connected on this node. */
    public Uni<Void> connected(Socket socket, String userId) {
        Tracked tracked = new Tracked(userId, socket.id(), ready);
        sockets.put(socket.id(), tracked);
        if (store == null) {
            return Uni.createFrom().voidItem();
        }
        long now = System.currentTimeMillis();
        return serial(tracked, () -> store.connect(userId, socket.id(), now).invoke(first -> {
            tracked.registered = true;
            if (first) {
                LOG.debugf("user %s is online", userId);
            }
        })).replaceWithVoid().onFailure().recoverWithUni(failure -> {
            warn("presence connect failed", failure);
            return Uni.createFrom().voidItem();
        });
    }

    /** The socket joined a room: completes once presence knows (never fails). */
    public Uni<Void> joined(Socket socket, String roomId) {
        Tracked tracked = sockets.get(socket.id());
        if (tracked == null) {
            return Uni.createFrom().voidItem();
        }
        if (store == null) {
            tracked.add(roomId);
            return Uni.createFrom().voidItem();
        }
        return serial(tracked, () -> {
            if (!tracked.registered || tracked.has(roomId)) {
                return Uni.createFrom().item(false);
            }
            List<String> after = new ArrayList<>(tracked.roomList());
            after.add(roomId);
            return store.join(tracked.userId, tracked.socketId, roomId, after).invoke(first -> {
                tracked.add(roomId);
                if (first) {
                    emit(new PresenceEvent(roomId, tracked.userId, PresenceEvent.ONLINE, PresenceEvent.REASON_JOIN),
                            socket.id());
                }
            });
        }).replaceWithVoid().onFailure().recoverWithUni(failure -> {
            warn("presence join failed", failure);
            return Uni.createFrom().voidItem();
        });
    }

    /** The socket left a room. */
    public Uni<Void> left(Socket socket, String roomId) {
        Tracked tracked = sockets.get(socket.id());
        if (tracked == null) {
            return Uni.createFrom().voidItem();
        }
        if (store == null) {
            tracked.remove(roomId);
            return Uni.createFrom().voidItem();
        }
        return serial(tracked, () -> {
            if (!tracked.has(roomId)) {
                return Uni.createFrom().item(false);
            }
            tracked.remove(roomId);
            return store.leave(tracked.userId, tracked.socketId, roomId, tracked.roomList()).invoke(last -> {
                if (last) {
                    emit(new PresenceEvent(roomId, tracked.userId, PresenceEvent.OFFLINE, PresenceEvent.REASON_LEAVE),
                            null);
                }
            });
        }).replaceWithVoid().onFailure().recoverWithUni(failure -> {
            warn("presence leave failed", failure);
            return Uni.createFrom().voidItem();
        });
    }

    /** The socket disconnected: its rooms and session go, the user may go offline. */
    public void disconnected(Socket socket) {
        Tracked tracked = sockets.remove(socket.id());
        if (tracked == null || store == null) {
            return;
        }
        serial(tracked, () -> {
            if (!tracked.registered) {
                return Uni.createFrom().voidItem();
            }
            return store.disconnect(tracked.userId, tracked.socketId, tracked.roomList()).invoke(result -> {
                for (String room : result.roomsLeft()) {
                    emit(new PresenceEvent(room, tracked.userId, PresenceEvent.OFFLINE,
                            PresenceEvent.REASON_DISCONNECT), null);
                }
                if (result.offline()) {
                    LOG.debugf("user %s is offline", tracked.userId);
                }
            }).replaceWithVoid();
        }).subscribe().with(ok -> {
        }, failure -> warn("presence disconnect failed (the entries expire with this node)", failure));
    }

    // ---- queries ----

    /** The room's online members, cluster-wide (this node's only when presence is off). */
    public Uni<Members> members(String roomId) {
        if (store == null) {
            Set<String> users = new TreeSet<>();
            for (Tracked tracked : sockets.values()) {
                if (tracked.has(roomId)) {
                    users.add(tracked.userId);
                }
            }
            List<String> list = users.stream().limit(config.maxMembers()).toList();
            return Uni.createFrom().item(new Members(users.size(), list));
        }
        return store.members(roomId, config.maxMembers())
                .map(m -> new Members(m.total(), m.userIds().stream().sorted().toList()));
    }

    /** The Redis side, for tests and cluster-wide queries. */
    public PresenceStore store() {
        return store;
    }

    // ---- refresh and sweep ----

    private void tick() {
        if (!ticking.compareAndSet(false, true)) {
            return;
        }
        refresh().onFailure().invoke(failure -> warn("presence refresh failed", failure))
                .onFailure().recoverWithNull()
                .chain(() -> sweepDeadNodes())
                .onFailure().invoke(failure -> warn("presence sweep failed", failure))
                .onFailure().recoverWithNull()
                .subscribe().with(ok -> ticking.set(false), failure -> ticking.set(false));
    }

    /** Refreshes this node's liveness and every entry of its sockets, in bounded batches. */
    Uni<Void> refresh() {
        Map<String, UserEntry> users = new LinkedHashMap<>();
        for (Tracked tracked : sockets.values()) {
            if (!tracked.registered) {
                continue;
            }
            UserEntry entry = users.computeIfAbsent(tracked.userId,
                    u -> new UserEntry(u, new LinkedHashSet<>(), new ArrayList<>()));
            entry.rooms().addAll(tracked.roomList());
            entry.socketIds().add(tracked.socketId);
        }
        List<UserEntry> all = new ArrayList<>(users.values());
        int batch = Math.max(1, config.refreshBatchSize());
        // the first call (even with no users) marks the node alive
        Uni<Void> chain = store.refresh(all.subList(0, Math.min(batch, all.size())));
        for (int from = batch; from < all.size(); from += batch) {
            List<UserEntry> part = all.subList(from, Math.min(from + batch, all.size()));
            chain = chain.chain(() -> store.refresh(part));
        }
        return chain;
    }

    private Uni<Void> sweepDeadNodes() {
        return store.tryLockSweep(Duration.ofMillis(Math.max(100, ttl.toMillis() / 3)))
                .chain(locked -> locked ? store.deadNodes() : Uni.createFrom().item(List.<String>of()))
                .chain(dead -> {
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (String node : dead) {
                        chain = chain.chain(() -> sweepNode(node, false));
                    }
                    return chain;
                });
    }

    /** Cleans a dead node's users batch by batch, announcing the rooms they are no longer in. */
    private Uni<Void> sweepNode(String node, boolean force) {
        return store.sweep(node, Math.max(1, config.sweepBatchSize()), force).chain(batch -> {
            for (RoomExit exit : batch.exits()) {
                emit(new PresenceEvent(exit.roomId(), exit.userId(), PresenceEvent.OFFLINE,
                        PresenceEvent.REASON_NODE_DOWN), null);
            }
            if (!batch.exits().isEmpty()) {
                LOG.infof("swept node %s: %d room exits", node, batch.exits().size());
            }
            return batch.usersLeft() > 0 ? sweepNode(node, force) : Uni.createFrom().voidItem();
        });
    }

    // ---- helpers ----

    private void emit(PresenceEvent event, String exceptSocket) {
        Namespace ns = namespace;
        if (ns == null) {
            return;
        }
        var op = ns.to(event.roomId());
        if (exceptSocket != null) {
            op = op.except(exceptSocket);
        }
        op.emit(PresenceEvent.EVENT, event.toJson());
    }

    /** Runs the socket's Redis operations one after another, in the order they were asked for. */
    private <T> Uni<T> serial(Tracked tracked, Supplier<Uni<T>> operation) {
        CompletableFuture<T> result = new CompletableFuture<>();
        synchronized (tracked) {
            tracked.tail = tracked.tail.thenCompose(v -> {
                Uni<T> uni;
                try {
                    uni = operation.get();
                } catch (RuntimeException e) {
                    uni = Uni.createFrom().failure(e);
                }
                uni.subscribe().with(result::complete, result::completeExceptionally);
                return result.handle((r, e) -> null);
            });
        }
        return Uni.createFrom().completionStage(result);
    }

    private void warn(String what, Throwable failure) {
        failures.increment();
        long now = System.currentTimeMillis();
        long last = lastWarning.get();
        if (now - last >= 10_000 && lastWarning.compareAndSet(last, now)) {
            LOG.warnf("%s: %s", what, failure.toString());
        } else {
            LOG.debugf("%s: %s", what, failure.toString());
        }
    }
}
