package io.parley.edge.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.parley.edge.socketio.BroadcastOptions;
import io.parley.edge.socketio.ClusterResult;
import io.parley.edge.socketio.Socket;
import io.parley.edge.socketio.SocketInfo;
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
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final RedisBroker broker;
    private final ClusterChannels channels;
    private final String uid;
    private final ClusterMetrics metrics;
    private final ClusterRequests requests;
    private final RoomKeys roomKeys;
    private final SequencedRooms sequenced;

    public ClusterAdapter(Namespace namespace, RedisBroker broker, ClusterChannels channels, String uid,
            ClusterMetrics metrics, io.vertx.core.Vertx vertx, Duration requestTimeout, RoomKeys roomKeys,
            SequencedRooms sequenced) {
        super(namespace);
        this.roomKeys = roomKeys;
        this.sequenced = sequenced;
        this.broker = broker;
        this.channels = channels;
        this.uid = uid;
        this.metrics = metrics;
        this.requests = new ClusterRequests(this, broker, channels.request(namespace.name()), vertx, requestTimeout);
    }

    String uid() {
        return uid;
    }

    String namespaceName() {
        return namespace.name();
    }

    @Override
    protected Uni<Void> onRoomCreated(String room) {
        return broker.subscribe(channels.room(namespace.name(), room)).invoke(() -> trackSequence(room));
    }

    /**
     * Reads the room's sequence once subscribed: a catch-up after a lost subscription replays what
     * was published after it. Without it (Redis down), the room is tracked from its first message.
     */
    private void trackSequence(String room) {
        broker.send(io.vertx.mutiny.redis.client.Request.cmd(io.vertx.mutiny.redis.client.Command.GET)
                .arg(roomKeys.sequence(room))).subscribe().with(response -> {
                    if (hasLocalRoom(room)) {
                        sequenced.subscribed(new SequencedRooms.RoomRef(namespace.name(), room),
                                response == null ? 0 : response.toLong());
                    }
                }, failure -> LOG.debugf("sequence of room %s not read: %s", room, failure.getMessage()));
    }

    @Override
    protected void onRoomDeleted(String room) {
        broker.unsubscribe(channels.room(namespace.name(), room));
        sequenced.unsubscribed(new SequencedRooms.RoomRef(namespace.name(), room));
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

    // ---- cluster-wide operations ----

    @Override
    public Uni<ClusterResult<List<SocketInfo>>> fetchSockets(BroadcastOptions options) {
        List<SocketInfo> local = localSocketInfos(options);
        if (options.local()) {
            return Uni.createFrom().item(ClusterResult.local(local));
        }
        ObjectNode request = request(RequestType.REMOTE_FETCH, options);
        return requests.gather(request, new ArrayList<>(local), (all, response) -> {
            for (JsonNode socket : response.path("sockets")) {
                all.add(socketInfoOf(socket));
            }
        });
    }

    @Override
    public void addSockets(BroadcastOptions options, Set<String> names) {
        super.addSockets(options, names);
        publishRoomsRequest(RequestType.REMOTE_JOIN, options, names);
    }

    @Override
    public void delSockets(BroadcastOptions options, Set<String> names) {
        super.delSockets(options, names);
        publishRoomsRequest(RequestType.REMOTE_LEAVE, options, names);
    }

    /** Asks the other nodes to make their matching sockets join or leave {@code names}. */
    private void publishRoomsRequest(RequestType type, BroadcastOptions options, Set<String> names) {
        if (!options.local()) {
            ObjectNode request = request(type, options);
            ArrayNode rooms = request.putArray("rooms");
            names.forEach(rooms::add);
            publishRequest(request);
        }
    }

    @Override
    public void disconnectSockets(BroadcastOptions options, boolean close) {
        super.disconnectSockets(options, close);
        if (!options.local()) {
            ObjectNode request = request(RequestType.REMOTE_DISCONNECT, options);
            request.put("close", close);
            publishRequest(request);
        }
    }

    @Override
    public void serverSideEmit(ArrayNode data) {
        ObjectNode request = NODES.objectNode();
        request.put("uid", uid);
        request.put("type", RequestType.SERVER_SIDE_EMIT.ordinal());
        request.set("data", data);
        publishRequest(request);
    }

    @Override
    public Uni<Integer> serverCount() {
        return requests.subscribers();
    }

    @Override
    public Uni<ClusterResult<List<JsonNode>>> broadcastWithAck(SocketIoPacket packet, BroadcastOptions options,
            Duration timeout) {
        if (options.local()) {
            return super.broadcastWithAck(packet, options, timeout);
        }
        return requests.broadcastWithAck(this, packet, options, timeout);
    }

    private ObjectNode request(RequestType type, BroadcastOptions options) {
        ObjectNode request = NODES.objectNode();
        request.put("uid", uid);
        request.put("type", type.ordinal());
        request.put("requestId", ClusterRequests.newRequestId());
        ObjectNode opts = request.putObject("opts");
        ArrayNode rooms = opts.putArray("rooms");
        options.rooms().forEach(rooms::add);
        ArrayNode except = opts.putArray("except");
        options.except().forEach(except::add);
        return request;
    }

    void publishRequest(ObjectNode request) {
        broker.publish(channels.request(namespace.name()), MsgPack.encode(request)).subscribe().with(ok -> {
        }, failure -> LOG.debugf("cluster request failed: %s", failure.getMessage()));
    }

    void publishResponse(ObjectNode response) {
        broker.publish(channels.response(namespace.name()), MsgPack.encode(response)).subscribe().with(ok -> {
        }, failure -> LOG.debugf("cluster response failed: %s", failure.getMessage()));
    }

    static SocketInfo socketInfoOf(JsonNode socket) {
        Set<String> rooms = new HashSet<>();
        socket.path("rooms").forEach(room -> rooms.add(room.asText()));
        JsonNode data = socket.path("data");
        JsonNode handshake = socket.path("handshake");
        return new SocketInfo(socket.path("id").asText(), data.path("userId").isTextual() ? data.get("userId").asText()
                : null, Set.copyOf(rooms), data.path("nodeId").asText(null), handshake.path("address").asText(""),
                handshake.path("issued").asLong(0));
    }

    static ObjectNode socketInfoNode(SocketInfo info) {
        ObjectNode socket = NODES.objectNode();
        socket.put("id", info.id());
        ObjectNode handshake = socket.putObject("handshake");
        handshake.put("address", info.address());
        handshake.put("issued", info.issued());
        ArrayNode rooms = socket.putArray("rooms");
        info.rooms().forEach(rooms::add);
        ObjectNode data = socket.putObject("data");
        if (info.userId() != null) {
            data.put("userId", info.userId());
        }
        data.put("nodeId", info.nodeId());
        return socket;
    }

    /** A request from another node (or a Node.js process): served from the local sockets. */
    void onRequest(JsonNode request) {
        RequestType type = RequestType.of(request.path("type").asInt(-1));
        if (type == null || uid.equals(request.path("uid").asText(null))
                || requests.isOwn(request.path("requestId").asText(null))) {
            return;
        }
        JsonNode opts = request.path("opts");
        BroadcastOptions options = new BroadcastOptions(strings(opts.path("rooms")), strings(opts.path("except")),
                false, true);
        String requestId = request.path("requestId").asText(null);
        switch (type) {
            case REMOTE_JOIN -> {
                if (request.has("opts")) {
                    super.addSockets(options, strings(request.path("rooms")));
                } else {
                    bySid(request, socket -> addAll(socket, Set.of(request.path("room").asText())).subscribe()
                            .with(v -> {
                            }, e -> {
                            }));
                }
            }
            case REMOTE_LEAVE -> {
                if (request.has("opts")) {
                    super.delSockets(options, strings(request.path("rooms")));
                } else {
                    bySid(request, socket -> socket.leave(request.path("room").asText()));
                }
            }
            case REMOTE_DISCONNECT -> {
                boolean close = request.path("close").asBoolean(false);
                if (request.has("opts")) {
                    super.disconnectSockets(options, close);
                } else {
                    bySid(request, socket -> socket.disconnect(close));
                }
            }
            case REMOTE_FETCH -> {
                ObjectNode response = NODES.objectNode();
                response.put("requestId", requestId);
                ArrayNode sockets = response.putArray("sockets");
                for (SocketInfo info : localSocketInfos(options)) {
                    sockets.add(socketInfoNode(info));
                }
                publishResponse(response);
            }
            case SOCKETS -> {
                ObjectNode response = NODES.objectNode();
                response.put("requestId", requestId);
                ArrayNode sockets = response.putArray("sockets");
                socketIds(strings(request.path("rooms"))).forEach(sockets::add);
                publishResponse(response);
            }
            case ALL_ROOMS -> {
                ObjectNode response = NODES.objectNode();
                response.put("requestId", requestId);
                ArrayNode rooms = response.putArray("rooms");
                rooms().forEach(rooms::add);
                publishResponse(response);
            }
            case SERVER_SIDE_EMIT -> {
                if (request.path("data").isArray()) {
                    namespace.fireServerSideEmit((ArrayNode) request.get("data"));
                }
            }
            case BROADCAST -> requests.serveBroadcastWithAck(this, request, options);
            default -> {
                // responses never arrive on the request channel
            }
        }
    }

    private void bySid(JsonNode request, java.util.function.Consumer<Socket> action) {
        Socket socket = namespace.socket(request.path("sid").asText(""));
        if (socket != null) {
            action.accept(socket);
            ObjectNode response = NODES.objectNode();
            response.put("requestId", request.path("requestId").asText(null));
            publishResponse(response);
        }
    }

    void onResponse(JsonNode response) {
        requests.onResponse(response);
    }

    private static Set<String> strings(JsonNode array) {
        Set<String> out = new HashSet<>();
        if (array != null && array.isArray()) {
            array.forEach(element -> out.add(element.asText()));
        }
        return out;
    }

    /**
     * A broadcast from Redis: delivered to the local recipients. Chat messages (sequenced) go
     * through {@link SequencedRooms}: never twice, and in seq order across a lost subscription.
     */
    void onBroadcast(BroadcastMessage message) {
        if (uid.equals(message.uid()) && !message.sequenced()) {
            return;
        }
        if (message.sequenced()) {
            SequencedRooms.RoomRef room = SequencedRooms.roomOf(message);
            sequenced.offer(message, room != null && hasLocalRoom(room.room()) ? room : null, this::deliverLocally);
        } else {
            deliverLocally(message);
        }
    }

    void deliverLocally(BroadcastMessage message) {
        metrics.delivered();
        if (message.sequenced()) {
            // chat messages carry the sending node's clock: publish-to-delivery lag through Redis
            long ts = message.packet().data().path(1).path("ts").asLong(0);
            if (ts > 0) {
                metrics.lag(System.currentTimeMillis() - ts);
            }
        }
        localBroadcast(message.packet(), message.options());
    }
}
