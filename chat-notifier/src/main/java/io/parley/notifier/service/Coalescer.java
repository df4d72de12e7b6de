package io.parley.notifier.service;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.parley.notifier.config.NotifierConfig;
import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.mutiny.redis.client.Response;

/**
 * One notification per user per room per window, and the same decision again for a redelivered
 * message. For each (message, user, room), in order, atomically in Redis:
 * <ul>
 * <li>{@code seen:<message>:<user>} holds the decision already taken for a redelivered message:
 * it is returned unchanged (and the counter is not touched);
 * <li>otherwise {@code count:<user>:<room>} is incremented; if {@code window:<user>:<room>} can be
 * created ({@code SET NX PX window}) the user is notified now with the count (the messages since
 * its previous notification for the room) and the counter is reset; else 0 (counted, not sent).
 * </ul>
 * Keys are under {@code parley.notifier.coalesce.key-prefix}; user and room are length-prefixed so
 * ids containing ':' cannot collide.
 */
@ApplicationScoped
public class Coalescer {

    /** One message for one recipient. */
    public record Item(String messageId, String userId, String roomId) {
    }

    static final String SCRIPT = """
            local P, win, ttl = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
            local out = {}
            for i = 4, #ARGV, 3 do
              local id, user, room = ARGV[i], ARGV[i + 1], ARGV[i + 2]
              local ur = #user .. ':' .. user .. ':' .. room
              local seen = P .. 'seen:' .. id .. ':' .. #user .. ':' .. user
              local prior = redis.call('GET', seen)
              if prior then
                out[#out + 1] = tonumber(prior)
              else
                local ck = P .. 'count:' .. ur
                local c = redis.call('INCR', ck)
                redis.call('PEXPIRE', ck, ttl)
                local r = 0
                if redis.call('SET', P .. 'window:' .. ur, id, 'NX', 'PX', win) then
                  r = c
                  redis.call('DEL', ck)
                end
                redis.call('SET', seen, r, 'PX', ttl)
                out[#out + 1] = r
              end
            end
            return out
            """;

    private final RedisDataSource redis;
    private final NotifierConfig.Coalesce config;

    public Coalescer(RedisDataSource redis, NotifierConfig config) {
        this.redis = redis;
        this.config = config.coalesce();
    }

    /** For each item, the count to notify with, or 0 when it falls into an open window. Blocking. */
    public long[] decide(List<Item> items) {
        long[] out = new long[items.size()];
        if (items.isEmpty()) {
            return out;
        }
        List<String> args = new ArrayList<>(items.size() * 3 + 5);
        args.add(SCRIPT);
        args.add("0");
        args.add(config.keyPrefix());
        args.add(Long.toString(Math.max(1, config.window().toMillis())));
        args.add(Long.toString(Math.max(1, config.dedupTtl().toMillis())));
        for (Item i : items) {
            args.add(i.messageId());
            args.add(i.userId());
            args.add(i.roomId());
        }
        Response r = redis.execute("EVAL", args.toArray(new String[0]));
        for (int i = 0; i < items.size(); i++) {
            out[i] = r.get(i).toLong();
        }
        return out;
    }
}
