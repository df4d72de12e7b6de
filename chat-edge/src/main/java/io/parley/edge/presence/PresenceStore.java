package io.parley.edge.presence;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import io.parley.edge.cluster.RedisBroker;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;

/**
 * One node's view of the presence keys in Redis (see {@link PresenceScripts} for the layout): the
 * atomic connect/join/leave/disconnect transitions, the periodic refresh and the sweep of dead
 * nodes. It holds no state of its own besides the node id; every call is one script or command.
 */
public final class PresenceStore {

    /** What a disconnect changed. */
    public record Disconnected(boolean offline, List<String> roomsLeft) {
    }

    /** The online members of a room: how many there are and the first of them. */
    public record Members(long total, List<String> userIds) {
    }

    /** A user who is no longer in a room because its node died. */
    public record RoomExit(String roomId, String userId) {
    }

    /** What one refresh says about one user: the rooms it is in and its sockets on the node. */
    public record UserEntry(String userId, Collection<String> rooms, Collection<String> socketIds) {
    }

    private final RedisBroker redis;
    /**
     * Every presence and session key starts with the key prefix and the hash tag {@value #HASH_TAG}:
     * on a Redis Cluster they all live in one slot, so the scripts (which touch a user's, a room's
     * and a node's keys at once) run on one shard. Standalone Redis and Sentinel do not care.
     */
    public static final String HASH_TAG = "{presence}";

    private final String base;
    private final String nodeId;
    private final long ttlMs;
    private final long keepMs;
    private final Duration timeout;

    public PresenceStore(RedisBroker redis, String prefix, String nodeId, Duration ttl, int keepFactor,
            Duration timeout) {
        if (nodeId.indexOf('|') >= 0) {
            throw new IllegalArgumentException("a node id may not contain '|': " + nodeId);
        }
        this.redis = redis;
        this.base = prefix + HASH_TAG + ":";
        this.nodeId = nodeId;
        this.ttlMs = ttl.toMillis();
        this.keepMs = ttl.toMillis() * Math.max(2, keepFactor);
        this.timeout = timeout;
    }

    public String nodeId() {
        return nodeId;
    }

    // ---- keys ----

    public String nodeKey(String node) {
        return base + "node:" + node;
    }

    public String nodesKey() {
        return base + "nodes";
    }

    public String nodeUsersKey(String node) {
        return base + "node-users:" + node;
    }

    public String userKey(String userId) {
        return base + "user:" + userId;
    }

    public String userRoomsKey(String userId) {
        return base + "user-rooms:" + userId;
    }

    public String roomKey(String roomId) {
        return base + "room:" + roomId;
    }

    public String sessionKey(String socketId) {
        return base + "session:" + socketId;
    }

    public String sweepLockKey() {
        return base + "sweep-lock";
    }

    // ---- transitions ----

    /** @return true when this is the user's first socket, cluster-wide */
    public Uni<Boolean> connect(String userId, String socketId, long connectedAt) {
        return eval(PresenceScripts.CONNECT,
                List.of(userKey(userId), nodeUsersKey(nodeId), sessionKey(socketId), nodesKey()),
                List.of(base, nodeId, userId, keepMs, ttlMs, connectedAt))
                .map(r -> r.toInteger() == 1);
    }

    /** @return true when this is the user's first socket in the room, cluster-wide */
    public Uni<Boolean> join(String userId, String socketId, String roomId, Collection<String> socketRooms) {
        return eval(PresenceScripts.JOIN, List.of(userRoomsKey(userId), roomKey(roomId), sessionKey(socketId)),
                List.of(base, nodeId, userId, roomId, ttlMs, keepMs, String.join(",", socketRooms)))
                .map(r -> r.toInteger() == 1);
    }

    /** @return true when this was the user's last socket in the room, cluster-wide */
    public Uni<Boolean> leave(String userId, String socketId, String roomId, Collection<String> socketRooms) {
        return eval(PresenceScripts.LEAVE, List.of(userRoomsKey(userId), roomKey(roomId), sessionKey(socketId)),
                List.of(base, nodeId, userId, roomId, String.join(",", socketRooms)))
                .map(r -> r.toInteger() == 1);
    }

    public Uni<Disconnected> disconnect(String userId, String socketId, Collection<String> socketRooms) {
        List<Object> args = new ArrayList<>(3 + socketRooms.size());
        args.add(base);
        args.add(nodeId);
        args.add(userId);
        args.addAll(socketRooms);
        return eval(PresenceScripts.DISCONNECT,
                List.of(userKey(userId), userRoomsKey(userId), nodeUsersKey(nodeId), sessionKey(socketId)), args)
                .map(r -> {
                    List<String> left = new ArrayList<>();
                    for (Response room : r.get(1)) {
                        left.add(room.toString());
                    }
                    return new Disconnected(r.get(0).toInteger() == 1, left);
                });
    }

    /** Marks the node alive for one TTL and extends the entries of the given users. */
    public Uni<Void> refresh(List<UserEntry> users) {
        List<Object> args = new ArrayList<>();
        args.add(base);
        args.add(nodeId);
        args.add(ttlMs);
        args.add(keepMs);
        for (UserEntry user : users) {
            args.add(user.userId());
            args.add(user.rooms().size());
            args.addAll(user.rooms());
            args.add(user.socketIds().size());
            args.addAll(user.socketIds());
        }
        return eval(PresenceScripts.REFRESH, List.of(nodeKey(nodeId), nodeUsersKey(nodeId), nodesKey()), args)
                .replaceWithVoid();
    }

    /** Removes this node's liveness key (a graceful stop): peers sweep its users at once. */
    public Uni<Void> retire() {
        return send(Request.cmd(Command.DEL).arg(nodeKey(nodeId))).replaceWithVoid();
    }

    public Uni<Members> members(String roomId, int max) {
        return eval(PresenceScripts.MEMBERS, List.of(roomKey(roomId)), List.of(base, max)).map(r -> {
            List<String> users = new ArrayList<>();
            for (Response user : r.get(1)) {
                users.add(user.toString());
            }
            return new Members(r.get(0).toLong(), users);
        });
    }

    // ---- sweeping ----

    /** Takes the cluster-wide sweep lock for {@code hold}; false when another node holds it. */
    public Uni<Boolean> tryLockSweep(Duration hold) {
        return send(Request.cmd(Command.SET).arg(sweepLockKey()).arg(nodeId).arg("NX").arg("PX")
                .arg(Math.max(1, hold.toMillis()))).map(r -> r != null && "OK".equals(r.toString()));
    }

    /** Nodes that are registered but whose liveness key is gone. */
    public Uni<List<String>> deadNodes() {
        return send(Request.cmd(Command.SMEMBERS).arg(nodesKey())).chain(r -> {
            List<String> nodes = new ArrayList<>();
            for (Response node : r) {
                if (!nodeId.equals(node.toString())) {
                    nodes.add(node.toString());
                }
            }
            if (nodes.isEmpty()) {
                return Uni.createFrom().item(List.<String>of());
            }
            List<Uni<String>> checks = new ArrayList<>();
            for (String node : nodes) {
                checks.add(send(Request.cmd(Command.EXISTS).arg(nodeKey(node)))
                        .map(e -> e.toInteger() == 0 ? node : null));
            }
            return Uni.join().all(checks).andFailFast().map(list -> list.stream()
                    .filter(n -> n != null).toList());
        });
    }

    /**
     * Cleans up to {@code batch} users of a dead node.
     *
     * @param force also when the node looks alive (this node's own previous run)
     * @return the room exits it caused and how many users are left to clean (-1: the node is alive)
     */
    public Uni<SweepBatch> sweep(String deadNode, int batch, boolean force) {
        return eval(PresenceScripts.SWEEP_NODE, List.of(nodeUsersKey(deadNode), nodesKey(), nodeKey(deadNode)),
                List.of(base, deadNode, batch, force ? "force" : "-"))
                .map(r -> {
                    List<RoomExit> exits = new ArrayList<>();
                    Response pairs = r.get(1);
                    for (int i = 0; i + 1 < pairs.size(); i += 2) {
                        exits.add(new RoomExit(pairs.get(i).toString(), pairs.get(i + 1).toString()));
                    }
                    return new SweepBatch(r.get(0).toLong(), exits);
                });
    }

    /** One sweep step's outcome. */
    public record SweepBatch(long usersLeft, List<RoomExit> exits) {
    }

    private Uni<Response> eval(String script, List<String> keys, List<Object> args) {
        return redis.eval(script, keys, args).ifNoItem().after(timeout).fail();
    }

    private Uni<Response> send(Request request) {
        return redis.send(request).ifNoItem().after(timeout).fail();
    }
}
