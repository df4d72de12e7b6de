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

    /** KEYS[1] = sequence key; ARGV = channel, payload, byte offset of the 8-byte seq placeholder. */
    static final String SCRIPT = """
            local seq = redis.call('INCR', KEYS[1])
            local payload = ARGV[2]
            local off = tonumber(ARGV[3])
            redis.call('PUBLISH', ARGV[1], string.sub(payload, 1, off) .. struct.pack('>I8', seq) .. string.sub(payload, off + 9))
            return seq
            """;

    private final ClusterNode node;
    private final Duration timeout;

    public RedisChatFanout(ClusterNode node, Duration timeout) {
        this.node = node;
        this.timeout = timeout;
    }

    @Override
    public Uni<Long> deliver(Namespace namespace, String event, String roomId, ObjectNode message) {
        if (!node.broker().connected()) {
            // this node could not deliver the message to its own members: refuse rather than ack
            return Uni.createFrom().failure(new IllegalStateException("Redis subscriber disconnected"));
        }
        MsgPack.Writer out = new MsgPack.Writer(256);
        int offset = encode(out, namespace.name(), event, roomId, message);
        String channel = node.channels().room(namespace.name(), roomId);
        return node.broker()
                .eval(SCRIPT, List.of(node.key("seq:" + roomId)), List.of(channel, out.toByteArray(), offset))
                .ifNoItem().after(timeout).fail()
                .map(response -> {
                    long seq = response.toLong();
                    message.put("seq", seq);
                    return seq;
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
