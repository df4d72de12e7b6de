package io.parley.edge.cluster;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.parley.edge.chat.ChatFanout;
import io.parley.edge.socketio.BroadcastOptions;
import io.parley.edge.socketio.Namespace;
import io.smallrye.mutiny.Uni;

/**
 * Numbers and publishes a chat message in one atomic Redis script: {@code INCR} of the room's
 * sequence, then {@code PUBLISH} of the message with that number patched in. Redis runs scripts one
 * at a time, so the publish order is the sequence order, and every node, the sender's included,
 * delivers the room's messages from the subscription in that order.
 */
public final class RedisChatFanout implements ChatFanout {

    /**
     * Takes the room's next number (KEYS[1]), publishes the message with it patched in (ARGV[1]
     * channel, ARGV[2] payload, ARGV[3] byte offset of the 8-byte seq placeholder) and appends it to
     * the room's replay log (KEYS[2], the last ARGV[4] messages, expiring ARGV[5] ms after the last).
     */
    private static final String NUMBER_PUBLISH_AND_LOG = """
            local seq = redis.call('INCR', KEYS[1])
            local payload = ARGV[2]
            local off = tonumber(ARGV[3])
            local numbered = string.sub(payload, 1, off) .. struct.pack('>I8', seq) .. string.sub(payload, off + 9)
            redis.call('PUBLISH', ARGV[1], numbered)
            local keep = tonumber(ARGV[4])
            if keep > 0 then
              redis.call('ZADD', KEYS[2], seq, numbered)
              redis.call('ZREMRANGEBYRANK', KEYS[2], 0, -keep - 1)
              redis.call('PEXPIRE', KEYS[2], ARGV[5])
            end
            """;

    /** Numbers, publishes and logs a message; returns {1, seq}. */
    static final String SCRIPT = NUMBER_PUBLISH_AND_LOG + "return {1, tostring(seq)}\n";

    /**
     * As {@link #SCRIPT}, guarded by a dedup key (KEYS[3]): when it exists, nothing is published and
     * its value {@code pending|done|id|seq|ts} is returned; otherwise it is set to pending for the
     * window (ARGV[6] ms) with the message id and time (ARGV[7], ARGV[8]). All keys carry the room
     * as hash tag, so the script also runs on a Redis Cluster.
     */
    static final String DEDUP_SCRIPT = """
            local previous = redis.call('GET', KEYS[3])
            if previous then
              return {0, previous}
            end
            """ + NUMBER_PUBLISH_AND_LOG + """
            redis.call('SET', KEYS[3], 'pending|' .. ARGV[7] .. '|' .. seq .. '|' .. ARGV[8], 'PX', ARGV[6])
            return {1, tostring(seq)}
            """;

    private final ClusterNode node;
    private final Duration timeout;
    private final Duration dedupWindow;
    private final int replaySize;
    private final long replayTtlMillis;

    public RedisChatFanout(ClusterNode node, Duration timeout, Duration dedupWindow, int replaySize,
            Duration replayTtl) {
        this.node = node;
        this.timeout = timeout;
        this.dedupWindow = dedupWindow;
        this.replaySize = Math.max(0, replaySize);
        this.replayTtlMillis = Math.max(1, replayTtl.toMillis());
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
        String channel = node.channels().room(namespace.name(), roomId);
        String id = message.path("id").asText();
        long ts = message.path("ts").asLong();
        RoomKeys keys = node.roomKeys();
        Uni<io.vertx.mutiny.redis.client.Response> script = dedupKey == null
                ? node.broker().eval(SCRIPT, List.of(keys.sequence(roomId), keys.replay(roomId)),
                        List.of(channel, out.toByteArray(), offset, replaySize, replayTtlMillis))
                : node.broker().eval(DEDUP_SCRIPT, List.of(keys.sequence(roomId), keys.replay(roomId), dedupKey),
                        List.of(channel, out.toByteArray(), offset, replaySize, replayTtlMillis,
                                dedupWindow.toMillis(), id, ts));
        return script.ifNoItem().after(timeout).fail().map(response -> {
            if (response.get(0).toInteger() == 1) {
                long seq = Long.parseLong(response.get(1).toString());
                message.put("seq", seq);
                return new Result(Status.DELIVERED, id, seq, ts);
            }
            String[] previous = response.get(1).toString().split("\\|");
            Status status = "done".equals(previous[0]) ? Status.DUPLICATE : Status.IN_FLIGHT;
            return new Result(status, previous[1], Long.parseLong(previous[2]), Long.parseLong(previous[3]));
        });
    }

    @Override
    public void completed(String dedupKey, Result result) {
        if (dedupKey == null) {
            return;
        }
        node.broker().send(io.vertx.mutiny.redis.client.Request.cmd(io.vertx.mutiny.redis.client.Command.SET)
                .arg(dedupKey).arg("done|" + result.id() + "|" + result.seq() + "|" + result.ts())
                .arg("PX").arg(dedupWindow.toMillis())).subscribe().with(ok -> {
                }, e -> {
                });
    }

    @Override
    public void failed(String dedupKey) {
        if (dedupKey == null) {
            return;
        }
        node.broker().send(io.vertx.mutiny.redis.client.Request.cmd(io.vertx.mutiny.redis.client.Command.DEL)
                .arg(dedupKey)).subscribe().with(ok -> {
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
