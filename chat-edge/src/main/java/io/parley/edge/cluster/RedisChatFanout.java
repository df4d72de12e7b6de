package io.parley.edge.cluster;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.parley.edge.chat.ChatException;
import io.parley.edge.chat.ChatFanout;
import io.parley.edge.chat.ErrorCode;
import io.parley.edge.socketio.BroadcastOptions;
import io.parley.edge.socketio.Namespace;
import io.smallrye.mutiny.Uni;

/**
 * Numbers and publishes chat messages with {@link SendScript}: {@code INCR} of the room's sequence,
 * then {@code PUBLISH} of the message with that number patched in, in one atomic script. Redis runs
 * scripts one at a time, so the publish order is the sequence order, and every node, the sender's
 * included, delivers the room's messages from the subscription in that order.
 * <p>
 * The sends of one event-loop pass go to Redis together, as one script call on that loop's own
 * connection ({@link SendLane}); a loop with too many sends waiting refuses more at once.
 */
public final class RedisChatFanout implements ChatFanout {

    private final ClusterNode node;
    private final Duration timeout;
    private final Duration dedupWindow;
    private final SendScript script;
    private final SendPipeline pipeline;

    /**
     * @param batching batch each event loop's sends ({@link SendLane}); false sends each message as
     *        its own script call on the pooled client
     */
    public RedisChatFanout(ClusterNode node, Duration timeout, Duration dedupWindow, int replaySize,
            Duration replayTtl, boolean batching, int maxPending, int maxBatch) {
        this.node = node;
        this.timeout = timeout;
        this.dedupWindow = dedupWindow;
        this.script = new SendScript(replaySize, replayTtl.toMillis(), dedupWindow.toMillis());
        this.pipeline = batching
                ? new SendPipeline(node.broker().client(), node.broker().vertx(), script, maxPending, maxBatch, timeout)
                : null;
    }

    /** True on an event loop: its {@link SendLane} sends the messages to Redis in the order queued. */
    @Override
    public boolean numbersInSubscriptionOrder() {
        return pipeline != null && pipeline.lane() != null;
    }

    /** A dedup key for a message of {@code roomId}: in the same Redis Cluster slot as its sequence. */
    @Override
    public String dedupKey(String roomId, String userId, String clientMsgId) {
        return node.roomKeys().dedup(roomId, userId, clientMsgId);
    }

    @Override
    public Uni<Result> deliver(Namespace namespace, String event, String roomId, ObjectNode message, String dedupKey) {
        if (!node.broker().connected()) {
            // this node could not deliver the message to its own members: refuse rather than ack
            return Uni.createFrom().failure(new IllegalStateException("Redis subscriber disconnected"));
        }
        MsgPack.Writer out = new MsgPack.Writer(256);
        int offset = encode(out, namespace.name(), event, roomId, message);
        String id = message.path("id").asText();
        long ts = message.path("ts").asLong();
        RoomKeys keys = node.roomKeys();
        SendScript.Message send = new SendScript.Message(keys.sequence(roomId), keys.replay(roomId), dedupKey,
                node.channels().room(namespace.name(), roomId), out.toByteArray(), offset, id, ts);
        SendLane lane = pipeline == null ? null : pipeline.lane();
        if (lane == null) {
            List<SendScript.Message> one = List.of(send);
            return node.broker().send(io.vertx.mutiny.redis.client.Request.newInstance(script.withBody(one, List.of())))
                    .ifNoItem().after(timeout).fail()
                    .map(reply -> result(SendScript.outcome(reply.getDelegate(), 0), message, id, ts));
        }
        return Uni.createFrom().emitter(emitter -> {
            boolean queued = lane.submit(send, new SendLane.Callback() {
                @Override
                public void outcome(SendScript.Outcome outcome) {
                    emitter.complete(result(outcome, message, id, ts));
                }

                @Override
                public void failed(Throwable failure) {
                    emitter.fail(failure);
                }
            });
            if (!queued) {
                emitter.fail(new ChatException(ErrorCode.UNAVAILABLE,
                        "too many messages are waiting for Redis on this node; the message was not sent, retry later",
                        Math.max(1, timeout.toMillis() / 10)));
            }
        });
    }

    private static Result result(SendScript.Outcome outcome, ObjectNode message, String id, long ts) {
        if (outcome.delivered()) {
            message.put("seq", outcome.seq());
            return new Result(Status.DELIVERED, id, outcome.seq(), ts);
        }
        String[] previous = outcome.previous().split("\\|");
        Status status = "done".equals(previous[0]) ? Status.DUPLICATE : Status.IN_FLIGHT;
        return new Result(status, previous[1], Long.parseLong(previous[2]), Long.parseLong(previous[3]));
    }

    @Override
    public void completed(String dedupKey, Result result) {
        if (dedupKey != null) {
            mark(dedupKey, "done|" + result.id() + "|" + result.seq() + "|" + result.ts());
        }
    }

    @Override
    public void failed(String dedupKey) {
        if (dedupKey != null) {
            mark(dedupKey, null);
        }
    }

    /** Sets a dedup key's final state (null deletes it): with the loop's next batch, or on its own. */
    private void mark(String dedupKey, String value) {
        SendLane lane = pipeline == null ? null : pipeline.lane();
        if (lane != null) {
            lane.mark(new SendScript.Mark(dedupKey, value));
            return;
        }
        io.vertx.mutiny.redis.client.Request request = value == null
                ? io.vertx.mutiny.redis.client.Request.cmd(io.vertx.mutiny.redis.client.Command.DEL).arg(dedupKey)
                : io.vertx.mutiny.redis.client.Request.cmd(io.vertx.mutiny.redis.client.Command.SET).arg(dedupKey)
                        .arg(value).arg("PX").arg(dedupWindow.toMillis());
        node.broker().send(request).subscribe().with(ok -> {
        }, e -> {
        });
    }

    /**
     * Writes {@code [uid, {type, data:[event, {...message, seq}], nsp}, {rooms:[room], except:[], flags}]}.
     *
     * @return the offset of the seq placeholder's 8 value bytes
     */
    int encode(MsgPack.Writer out, String nsp, String event, String roomId, ObjectNode message) {
        MsgPack.writeArrayHeader(out, 3);
        MsgPack.writeString(out, node.nodeId());
        MsgPack.writeMapHeader(out, 3);
        MsgPack.writeString(out, "type");
        MsgPack.writeLong(out, BroadcastMessage.EVENT);
        MsgPack.writeString(out, "data");
        MsgPack.writeArrayHeader(out, 2);
        MsgPack.writeString(out, event);
        MsgPack.writeMapHeader(out, message.size() + 1);
        Iterator<Map.Entry<String, JsonNode>> fields = message.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            MsgPack.writeString(out, field.getKey());
            MsgPack.write(out, field.getValue());
        }
        MsgPack.writeString(out, "seq");
        int offset = out.position() + 1;
        MsgPack.writeFixedUint64(out, 0);
        MsgPack.writeString(out, "nsp");
        MsgPack.writeString(out, nsp);
        MsgPack.write(out, BroadcastMessage.optionsNode(new BroadcastOptions(Set.of(roomId), Set.of(), false, false),
                true));
        return offset;
    }
}
