package io.parley.edge.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.parley.edge.engineio.EngineIoServer;
import io.parley.edge.socketio.BroadcastOptions;
import io.parley.edge.socketio.ClusterResult;
import io.parley.edge.socketio.SocketIoPacket;
import io.parley.edge.socketio.SocketIoPacketType;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Vertx;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;

/**
 * Requests to the other nodes of a namespace and the gathering of their responses. The number of
 * nodes to wait for is the number of subscribers of the request channel when the request starts
 * (as the Node.js adapter counts them, so Node.js servers in the cluster count too), minus this
 * node. Partial-result rule: after the request timeout, what arrived is returned with
 * {@code partial = true}.
 */
final class ClusterRequests {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ClusterAdapter adapter;
    private final RedisBroker broker;
    private final String requestChannel;
    private final Vertx vertx;
    private final Duration timeout;
    private final Map<String, Pending<?>> pending = new ConcurrentHashMap<>();

    ClusterRequests(ClusterAdapter adapter, RedisBroker broker, String requestChannel, Vertx vertx, Duration timeout) {
        this.adapter = adapter;
        this.broker = broker;
        this.requestChannel = requestChannel;
        this.vertx = vertx;
        this.timeout = timeout;
    }

    static String newRequestId() {
        return EngineIoServer.randomId().substring(0, 12);
    }

    boolean isOwn(String requestId) {
        return requestId != null && pending.containsKey(requestId);
    }

    /** Nodes subscribed to the namespace's request channel (this one included). */
    Uni<Integer> subscribers() {
        return broker.send(Request.cmd(Command.PUBSUB).arg("NUMSUB").arg(requestChannel))
                .map(response -> Math.max(1, response.get(1).toInteger()));
    }

    /** Sends a request and merges each node's response into {@code accumulator}. */
    <T> Uni<ClusterResult<T>> gather(ObjectNode request, T accumulator, BiConsumer<T, JsonNode> merge) {
        return subscribers().onFailure().recoverWithItem(1).chain(nodes -> {
            int others = nodes - 1;
            if (others <= 0) {
                return Uni.createFrom().item(new ClusterResult<>(accumulator, 1, 1, false));
            }
            return Uni.createFrom().<ClusterResult<T>> emitter(emitter -> {
                Pending<T> p = new Pending<>(request.get("requestId").asText(), accumulator, others, emitter,
                        (state, response) -> {
                            merge.accept(state.value, response);
                            state.nodesResponded++;
                        }, state -> state.nodesResponded >= state.nodesExpected);
                start(p);
                adapter.publishRequest(request);
            });
        });
    }

    /** Emits with acks on this node and every other, gathering one ack per reached socket. */
    Uni<ClusterResult<List<JsonNode>>> broadcastWithAck(ClusterAdapter local, SocketIoPacket packet,
            BroadcastOptions options, Duration ackTimeout) {
        return subscribers().onFailure().recoverWithItem(1).chain(nodes -> {
            int others = nodes - 1;
            String requestId = newRequestId();
            int localCount = local.count(options);
            return Uni.createFrom().<ClusterResult<List<JsonNode>>> emitter(emitter -> {
                Pending<List<JsonNode>> p = new Pending<>(requestId, new ArrayList<>(), others, emitter,
                        (state, response) -> {
                            int type = response.path("type").asInt(-1);
                            if (type == RequestType.BROADCAST_CLIENT_COUNT.ordinal()) {
                                state.acksExpected += response.path("clientCount").asInt(0);
                                state.nodesResponded++;
                            } else if (type == RequestType.BROADCAST_ACK.ordinal()) {
                                state.value.add(response.path("packet"));
                            }
                        }, state -> state.nodesResponded >= state.nodesExpected
                                && state.value.size() >= state.acksExpected);
                p.acksExpected = localCount;
                start(p, ackTimeout.plus(timeout));
                if (others > 0) {
                    ObjectNode request = NODES.objectNode();
                    request.put("uid", adapter.uid());
                    request.put("requestId", requestId);
                    request.put("type", RequestType.BROADCAST.ordinal());
                    request.set("packet", BroadcastMessage.packetNode(packet));
                    ObjectNode opts = request.putObject("opts");
                    ArrayNode rooms = opts.putArray("rooms");
                    options.rooms().forEach(rooms::add);
                    ArrayNode except = opts.putArray("except");
                    options.except().forEach(except::add);
                    request.put("ackTimeoutMs", ackTimeout.toMillis());
                    adapter.publishRequest(request);
                }
                local.localBroadcastWithAck(packet, options, ackTimeout, ack -> p.onLocal(ack)).subscribe()
                        .with(ignored -> {
                        }, failure -> {
                        });
            });
        });
    }

    /** Serves another node's broadcast-with-ack: the local count first, then each ack as it comes. */
    void serveBroadcastWithAck(ClusterAdapter local, JsonNode request, BroadcastOptions options) {
        String requestId = request.path("requestId").asText();
        JsonNode data = request.path("packet").path("data");
        if (!data.isArray() || data.isEmpty()) {
            return;
        }
        SocketIoPacket packet = new SocketIoPacket(SocketIoPacketType.EVENT, adapter.namespaceName(), -1, data);
        ObjectNode count = NODES.objectNode();
        count.put("type", RequestType.BROADCAST_CLIENT_COUNT.ordinal());
        count.put("requestId", requestId);
        count.put("clientCount", local.count(options));
        adapter.publishResponse(count);
        Duration ackTimeout = Duration.ofMillis(request.path("ackTimeoutMs").asLong(timeout.toMillis()));
        local.localBroadcastWithAck(packet, options, ackTimeout, ack -> {
            ObjectNode response = NODES.objectNode();
            response.put("type", RequestType.BROADCAST_ACK.ordinal());
            response.put("requestId", requestId);
            response.set("packet", ack);
            adapter.publishResponse(response);
        }).subscribe().with(ignored -> {
        }, failure -> {
        });
    }

    void onResponse(JsonNode response) {
        Pending<?> p = pending.get(response.path("requestId").asText(""));
        if (p != null) {
            p.onResponse(response);
        }
    }

    private void start(Pending<?> p) {
        start(p, timeout);
    }

    private void start(Pending<?> p, Duration after) {
        pending.put(p.requestId, p);
        p.timer = vertx.setTimer(Math.max(1, after.toMillis()), t -> p.finish(true));
    }

    private final class Pending<T> {
        final String requestId;
        final T value;
        final int nodesExpected;
        final UniEmitter<? super ClusterResult<T>> emitter;
        final BiConsumer<Pending<T>, JsonNode> onResponse;
        final java.util.function.Predicate<Pending<T>> complete;
        int nodesResponded;
        int acksExpected;
        long timer = -1;
        boolean done;

        Pending(String requestId, T value, int nodesExpected, UniEmitter<? super ClusterResult<T>> emitter,
                BiConsumer<Pending<T>, JsonNode> onResponse, java.util.function.Predicate<Pending<T>> complete) {
            this.requestId = requestId;
            this.value = value;
            this.nodesExpected = nodesExpected;
            this.emitter = emitter;
            this.onResponse = onResponse;
            this.complete = complete;
        }

        synchronized void onResponse(JsonNode response) {
            if (done) {
                return;
            }
            onResponse.accept(this, response);
            if (complete.test(this)) {
                finish(false);
            }
        }

        @SuppressWarnings("unchecked")
        synchronized void onLocal(JsonNode ack) {
            if (done) {
                return;
            }
            ((List<JsonNode>) value).add(ack);
            if (complete.test(this)) {
                finish(false);
            }
        }

        synchronized void finish(boolean timedOut) {
            if (done) {
                return;
            }
            done = true;
            pending.remove(requestId);
            if (timer >= 0) {
                vertx.cancelTimer(timer);
            }
            emitter.complete(new ClusterResult<>(value, nodesExpected + 1, nodesResponded + 1, timedOut));
        }
    }
}
