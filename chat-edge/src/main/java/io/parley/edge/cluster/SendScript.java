package io.parley.edge.cluster;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

/**
 * The Redis script that numbers, publishes and logs chat messages: any number of them in one call,
 * so that the sends of one event-loop pass cost Redis one command. For every message it takes the
 * room's next number ({@code INCR}), publishes the message with the number patched in, appends it to
 * the room's replay log (a list of {@code seq} as 8 bytes followed by the published payload, trimmed
 * to the replay size and given its TTL once per room and call) and, when the message has a dedup key, returns the earlier outcome instead
 * if the key exists. It also writes the dedup keys' final states ({@code done|...} or deleted) that
 * were queued since the last call. Redis runs a script at once, so the publish order is the
 * sequence order.
 * <p>
 * Arguments: {@code ARGV[1..5]} = messages, replay size, replay TTL (ms), dedup window (ms), marks.
 * Message {@code i} (from 0): {@code KEYS[3i+1..3i+3]} = sequence, replay log, dedup key (the
 * sequence key again when it has none); {@code ARGV[6+6i..11+6i]} = channel, payload, byte offset
 * of the payload's 8-byte seq placeholder, {@code 1} when deduplicated, id, ts. Mark {@code j}:
 * {@code KEYS[3n+j+1]} = dedup key, {@code ARGV[6+6n+j]} = its value, empty to delete it.
 * Reply: two elements per message, {@code 1, seq} when delivered or {@code 0, previous} with the
 * dedup key's value {@code pending|done, id, seq, ts} joined by {@code |}.
 */
final class SendScript {

    static final String LUA = """
            local n = tonumber(ARGV[1])
            local keep = tonumber(ARGV[2])
            local out = {}
            local logs = {}
            for i = 0, n - 1 do
              local a = 6 + 6 * i
              local k = 3 * i
              local dedup = ARGV[a + 3] == '1'
              local previous = dedup and redis.call('GET', KEYS[k + 3])
              if previous then
                out[#out + 1] = 0
                out[#out + 1] = previous
              else
                local seq = redis.call('INCR', KEYS[k + 1])
                local payload = ARGV[a + 1]
                local off = tonumber(ARGV[a + 2])
                local packed = struct.pack('>I8', seq)
                local numbered = string.sub(payload, 1, off) .. packed .. string.sub(payload, off + 9)
                redis.call('PUBLISH', ARGV[a], numbered)
                if keep > 0 then
                  redis.call('RPUSH', KEYS[k + 2], packed .. numbered)
                  logs[KEYS[k + 2]] = true
                end
                if dedup then
                  redis.call('SET', KEYS[k + 3], 'pending|' .. ARGV[a + 4] .. '|' .. seq .. '|' .. ARGV[a + 5], 'PX', ARGV[4])
                end
                out[#out + 1] = 1
                out[#out + 1] = tostring(seq)
              end
            end
            for log in pairs(logs) do
              redis.call('LTRIM', log, -keep, -1)
              redis.call('PEXPIRE', log, ARGV[3])
            end
            local m = tonumber(ARGV[5])
            for j = 0, m - 1 do
              local key = KEYS[3 * n + j + 1]
              local value = ARGV[6 + 6 * n + j]
              if value == '' then
                redis.call('DEL', key)
              else
                redis.call('SET', key, value, 'PX', ARGV[4])
              end
            end
            return out
            """;

    /** The script's SHA-1, as {@code EVALSHA} takes it. */
    static final String SHA = sha1(LUA);

    /** One message to number and publish. */
    record Message(String sequenceKey, String replayKey, String dedupKey, String channel, byte[] payload,
            int seqOffset, String id, long ts) {
    }

    /** A dedup key's final state: {@code value} null deletes it. */
    record Mark(String dedupKey, String value) {
    }

    /** A message's outcome: {@code delivered} with its seq, or the earlier send's {@code previous} state. */
    record Outcome(boolean delivered, long seq, String previous) {
    }

    private final int replaySize;
    private final long replayTtlMillis;
    private final long dedupWindowMillis;

    SendScript(int replaySize, long replayTtlMillis, long dedupWindowMillis) {
        this.replaySize = Math.max(0, replaySize);
        this.replayTtlMillis = Math.max(1, replayTtlMillis);
        this.dedupWindowMillis = Math.max(1, dedupWindowMillis);
    }

    /** {@code EVALSHA} of the messages and marks; {@link #withBody} turns it into {@code EVAL}. */
    Request request(List<Message> messages, List<Mark> marks) {
        return build(Request.cmd(Command.EVALSHA).arg(SHA), messages, marks);
    }

    /** The same call with the script's text, for a Redis that does not have it cached (NOSCRIPT). */
    Request withBody(List<Message> messages, List<Mark> marks) {
        return build(Request.cmd(Command.EVAL).arg(LUA), messages, marks);
    }

    private Request build(Request request, List<Message> messages, List<Mark> marks) {
        int n = messages.size();
        request.arg(3 * n + marks.size());
        for (Message message : messages) {
            request.arg(message.sequenceKey()).arg(message.replayKey())
                    .arg(message.dedupKey() == null ? message.sequenceKey() : message.dedupKey());
        }
        for (Mark mark : marks) {
            request.arg(mark.dedupKey());
        }
        request.arg(n).arg(replaySize).arg(replayTtlMillis).arg(dedupWindowMillis).arg(marks.size());
        for (Message message : messages) {
            request.arg(message.channel()).arg(message.payload()).arg(message.seqOffset())
                    .arg(message.dedupKey() == null ? "0" : "1").arg(message.id()).arg(message.ts());
        }
        for (Mark mark : marks) {
            request.arg(mark.value() == null ? "" : mark.value());
        }
        return request;
    }

    /** The outcome of message {@code index} in the script's reply. */
    static Outcome outcome(Response reply, int index) {
        Response status = reply.get(2 * index);
        Response value = reply.get(2 * index + 1);
        if (status.toInteger() == 1) {
            return new Outcome(true, Long.parseLong(value.toString()), null);
        }
        return new Outcome(false, 0, value.toString());
    }

    /** Whether Redis answered that it does not have the script cached. */
    static boolean isNoScript(Throwable failure) {
        String message = failure == null ? null : failure.getMessage();
        return message != null && message.contains("NOSCRIPT");
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is not available", e);
        }
    }
}
