package io.parley.edge.socketio;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;

import io.parley.edge.engineio.OutboundFrame;
import io.parley.edge.engineio.WriteBatch;
import io.smallrye.mutiny.Uni;

/**
 * In-memory rooms of one namespace: room -> sockets. A broadcast is encoded once; the same frames
 * are written to every recipient. Subclasses hear when a room gets its first or loses its last
 * local member ({@link #onRoomCreated}, {@link #onRoomDeleted}).
 * <p>
 * Every socket is in the room named by its id; that room has no member set here (one per connection
 * would cost about 200 bytes): its member is found through the namespace's sockets
 * ({@link #ownRoomMember}). Another socket may still join a socket's room, and is kept as for any
 * other room. A room with one local member (a user's room, most of the time) keeps that socket
 * itself; a second member turns it into a concurrent set ({@link RoomMembers}).
 */
public class LocalAdapter implements Adapter {

    protected final Namespace namespace;
    /** Room -> its local members (see {@link RoomMembers}): only changed in {@code compute}, so one change at a time. */
    private final Map<String, Object> rooms = new ConcurrentHashMap<>();

    public LocalAdapter(Namespace namespace) {
        this.namespace = namespace;
    }

    @Override
    public Uni<Void> addAll(Socket socket, Collection<String> names) {
        List<Uni<Void>> pending = null;
        for (String room : names) {
            if (!socket.addRoom(room)) {
                continue;
            }
            boolean[] created = new boolean[1];
            if (room.equals(socket.id())) {
                created[0] = !rooms.containsKey(room);
            } else {
                rooms.compute(room, (r, members) -> {
                    if (members == null) {
                        created[0] = ownRoomMember(room) == null;
                    }
                    return RoomMembers.with(members, socket);
                });
            }
            if (created[0]) {
                Uni<Void> hook = onRoomCreated(room);
                if (hook != null) {
                    if (pending == null) {
                        pending = new ArrayList<>(2);
                    }
                    pending.add(hook);
                }
            }
        }
        if (pending == null) {
            return Uni.createFrom().voidItem();
        }
        return pending.size() == 1 ? pending.get(0) : Uni.join().all(pending).andFailFast().replaceWithVoid();
    }

    @Override
    public void del(Socket socket, String room) {
        if (!socket.removeRoom(room)) {
            return;
        }
        boolean[] deleted = new boolean[1];
        if (room.equals(socket.id())) {
            deleted[0] = !rooms.containsKey(room);
        } else {
            rooms.computeIfPresent(room, (r, members) -> {
                Object left = RoomMembers.without(members, socket);
                if (left == null) {
                    deleted[0] = ownRoomMember(room) == null;
                }
                return left;
            });
        }
        if (deleted[0]) {
            onRoomDeleted(room);
        }
    }

    @Override
    public void delAll(Socket socket) {
        for (String room : socket.rooms()) {
            del(socket, room);
        }
    }

    /** Whether the room has a local member. */
    protected boolean hasLocalRoom(String room) {
        return rooms.containsKey(room) || ownRoomMember(room) != null;
    }

    /** The local socket whose own room this is (the room is named by its id), or null. */
    private Socket ownRoomMember(String room) {
        Socket socket = namespace.socket(room);
        return socket != null && socket.inOwnRoom() ? socket : null;
    }

    /** A room got its first local member; the returned Uni (or null) delays the join's completion. */
    protected Uni<Void> onRoomCreated(String room) {
        return null;
    }

    /** A room lost its last local member. */
    protected void onRoomDeleted(String room) {
    }

    @Override
    public int broadcast(SocketIoPacket packet, BroadcastOptions options) {
        return localBroadcast(packet, options);
    }

    /** Encodes once and writes to the local recipients. */
    protected int localBroadcast(SocketIoPacket packet, BroadcastOptions options) {
        List<OutboundFrame> frames = SocketIoCodec.encode(packet).broadcastFrames();
        Set<Socket> excluded = options.except().isEmpty() ? Set.of() : socketsIn(options.except());
        Set<String> targetRooms = options.rooms();
        boolean volatileEmit = options.volatileEmit();
        int sent;
        // recipients on other event loops get their frames in one task per loop, queued before
        // this call returns (callers that order broadcasts, e.g. by room sequence, rely on it)
        try (WriteBatch batch = WriteBatch.open()) {
            sent = deliverAll(frames, excluded, targetRooms, volatileEmit);
        }
        return sent;
    }

    private int deliverAll(List<OutboundFrame> frames, Set<Socket> excluded, Set<String> targetRooms,
            boolean volatileEmit) {
        int sent = 0;
        if (targetRooms.isEmpty()) {
            for (Socket socket : namespace.sockets()) {
                sent += deliver(socket, frames, excluded, volatileEmit);
            }
        } else if (targetRooms.size() == 1) {
            String room = targetRooms.iterator().next();
            Object members = rooms.get(room);
            if (members instanceof Socket one) {
                sent += deliver(one, frames, excluded, volatileEmit);
            } else if (members != null) {
                for (Socket socket : RoomMembers.set(members)) {
                    sent += deliver(socket, frames, excluded, volatileEmit);
                }
            }
            Socket own = ownRoomMember(room);
            if (own != null) {
                sent += deliver(own, frames, excluded, volatileEmit);
            }
        } else {
            for (Socket socket : socketsIn(targetRooms)) {
                sent += deliver(socket, frames, excluded, volatileEmit);
            }
        }
        return sent;
    }

    private static int deliver(Socket socket, List<OutboundFrame> frames, Set<Socket> excluded, boolean volatileEmit) {
        if (excluded.contains(socket) || !socket.connected()) {
            return 0;
        }
        if (volatileEmit) {
            return socket.client().session().sendVolatile(frames) ? 1 : 0;
        }
        socket.client().session().send(frames);
        return 1;
    }

    protected Set<Socket> socketsIn(Set<String> names) {
        Set<Socket> result = new HashSet<>();
        for (String room : names) {
            RoomMembers.addTo(rooms.get(room), result);
            Socket own = ownRoomMember(room);
            if (own != null) {
                result.add(own);
            }
        }
        return result;
    }

    /** The local sockets a broadcast with these options reaches. */
    public Set<Socket> matchingSockets(BroadcastOptions options) {
        Set<Socket> result = options.rooms().isEmpty() ? new HashSet<>(namespace.sockets())
                : socketsIn(options.rooms());
        if (!options.except().isEmpty()) {
            result.removeAll(socketsIn(options.except()));
        }
        return result;
    }

    @Override
    public Set<String> socketIds(Set<String> names) {
        Set<String> ids = new HashSet<>();
        if (names.isEmpty()) {
            namespace.sockets().forEach(s -> ids.add(s.id()));
        } else {
            socketsIn(names).forEach(s -> ids.add(s.id()));
        }
        return ids;
    }

    @Override
    public int roomSize(String room) {
        return RoomMembers.size(rooms.get(room)) + (ownRoomMember(room) == null ? 0 : 1);
    }

    @Override
    public Set<String> rooms() {
        Set<String> names = new HashSet<>(rooms.keySet());
        for (Socket socket : namespace.sockets()) {
            if (socket.inOwnRoom()) {
                names.add(socket.id());
            }
        }
        return Set.copyOf(names);
    }

    // ---- operations on matching sockets (this node) ----

    @Override
    public Uni<ClusterResult<List<SocketInfo>>> fetchSockets(BroadcastOptions options) {
        return Uni.createFrom().item(ClusterResult.local(localSocketInfos(options)));
    }

    public List<SocketInfo> localSocketInfos(BroadcastOptions options) {
        List<SocketInfo> infos = new ArrayList<>();
        for (Socket socket : matchingSockets(options)) {
            infos.add(socket.info(namespace.nodeId()));
        }
        return infos;
    }

    @Override
    public void addSockets(BroadcastOptions options, Set<String> names) {
        for (Socket socket : matchingSockets(options)) {
            addAll(socket, names).subscribe().with(v -> {
            }, e -> {
            });
        }
    }

    @Override
    public void delSockets(BroadcastOptions options, Set<String> names) {
        for (Socket socket : matchingSockets(options)) {
            for (String room : names) {
                del(socket, room);
            }
        }
    }

    @Override
    public void disconnectSockets(BroadcastOptions options, boolean close) {
        for (Socket socket : matchingSockets(options)) {
            socket.disconnect(close);
        }
    }

    @Override
    public Uni<ClusterResult<List<JsonNode>>> broadcastWithAck(SocketIoPacket packet, BroadcastOptions options,
            Duration timeout) {
        return localBroadcastWithAck(packet, options, timeout, ack -> {
        }).map(ClusterResult::local);
    }

    /**
     * Emits to the local matching sockets with an ack each; {@code onAck} sees each ack as it
     * arrives. Completes with the acks received within the timeout.
     */
    public Uni<List<JsonNode>> localBroadcastWithAck(SocketIoPacket packet, BroadcastOptions options,
            Duration timeout, java.util.function.Consumer<JsonNode> onAck) {
        Set<Socket> targets = matchingSockets(options);
        if (targets.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        ArrayNode data = (ArrayNode) packet.data();
        String event = data.get(0).asText();
        JsonNode[] args = new JsonNode[data.size() - 1];
        for (int i = 1; i < data.size(); i++) {
            args[i - 1] = data.get(i);
        }
        List<Uni<JsonNode>> acks = new ArrayList<>(targets.size());
        for (Socket socket : targets) {
            acks.add(socket.emitWithAck(timeout, event, args)
                    .map(reply -> (JsonNode) (reply.size() == 1 ? reply.get(0) : reply))
                    .invoke(onAck)
                    .onFailure().recoverWithNull());
        }
        return Uni.join().all(acks).andCollectFailures().map(list -> {
            List<JsonNode> received = new ArrayList<>(list.size());
            for (JsonNode ack : list) {
                if (ack != null) {
                    received.add(ack);
                }
            }
            return received;
        });
    }

    /** Number of local sockets a broadcast with these options reaches. */
    public int count(BroadcastOptions options) {
        return matchingSockets(options).size();
    }

    @Override
    public void serverSideEmit(ArrayNode data) {
        // a lone node has no other node to tell
    }

    @Override
    public Uni<Integer> serverCount() {
        return Uni.createFrom().item(1);
    }

    /**
     * A room's local members as kept in the room map: the socket itself while it is the only one
     * (no set for a room of one: about 150 bytes less), else a concurrent set that broadcasts may
     * iterate while members come and go. {@link #with} and {@link #without} are only called inside the
     * map's {@code compute}, so a room changes one member at a time.
     */
    static final class RoomMembers {

        private RoomMembers() {
        }

        static Object with(Object members, Socket socket) {
            if (members == null || members == socket) {
                return socket;
            }
            if (members instanceof Socket one) {
                Set<Socket> both = ConcurrentHashMap.newKeySet(4);
                both.add(one);
                both.add(socket);
                return both;
            }
            set(members).add(socket);
            return members;
        }

        /** The members without {@code socket}; null when none is left. */
        static Object without(Object members, Socket socket) {
            if (members instanceof Socket one) {
                return one == socket ? null : one;
            }
            Set<Socket> set = set(members);
            set.remove(socket);
            if (set.size() > 1) {
                return set;
            }
            // back to one (or none): broadcasts already iterating the set still see who is left
            Iterator<Socket> left = set.iterator();
            return left.hasNext() ? left.next() : null;
        }

        static int size(Object members) {
            return members == null ? 0 : members instanceof Socket ? 1 : set(members).size();
        }

        static void addTo(Object members, Set<Socket> target) {
            if (members instanceof Socket one) {
                target.add(one);
            } else if (members != null) {
                target.addAll(set(members));
            }
        }

        @SuppressWarnings("unchecked")
        static Set<Socket> set(Object members) {
            return (Set<Socket>) members;
        }
    }
}
