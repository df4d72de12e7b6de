package io.parley.notifier.service;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.parley.notifier.config.NotifierConfig;
import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.mutiny.redis.client.Response;

/**
 * Reads chat-edge's presence keys (never writes them): a user is online when its hash
 * {@code <prefix>{presence}:user:<userId>} has a node with a count above zero whose liveness key
 * {@code <prefix>{presence}:node:<node>} exists — the same rule as chat-edge's own scripts, so a dead
 * node's users count as offline as soon as its liveness key expires. One script call per batch. The
 * {@code {presence}} hash tag puts all those keys in one slot of a Redis Cluster; the script declares
 * one of them so that the client routes it to that slot's shard.
 */
@ApplicationScoped
public class PresenceReader {

    static final String ONLINE_SCRIPT = """
            local P = ARGV[1]
            local out = {}
            for i = 2, #ARGV do
              local f = redis.call('HGETALL', P .. 'user:' .. ARGV[i])
              local online = 0
              for j = 1, #f, 2 do
                if tonumber(f[j + 1]) > 0 and redis.call('EXISTS', P .. 'node:' .. f[j]) == 1 then
                  online = 1
                  break
                end
              end
              out[#out + 1] = online
            end
            return out
            """;

    /** chat-edge's hash tag of its presence keys (PresenceStore.HASH_TAG there). */
    static final String HASH_TAG = "{presence}";

    private final RedisDataSource redis;
    private final String prefix;

    public PresenceReader(RedisDataSource redis, NotifierConfig config) {
        this.redis = redis;
        this.prefix = config.presence().keyPrefix() + HASH_TAG + ":";
    }

    /** The users among {@code userIds} that are online now. Blocking: call from a worker thread. */
    public Set<String> online(Set<String> userIds) {
        Set<String> out = new HashSet<>();
        if (userIds.isEmpty()) {
            return out;
        }
        List<String> users = new ArrayList<>(userIds);
        List<String> args = new ArrayList<>(users.size() + 3);
        args.add(ONLINE_SCRIPT);
        args.add("1");
        args.add(prefix + "nodes");
        args.add(prefix);
        args.addAll(users);
        Response r = redis.execute("EVAL", args.toArray(new String[0]));
        for (int i = 0; i < users.size(); i++) {
            if (r.get(i).toInteger() == 1) {
                out.add(users.get(i));
            }
        }
        return out;
    }
}
