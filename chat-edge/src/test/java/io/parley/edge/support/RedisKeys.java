package io.parley.edge.support;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.parley.edge.cluster.ClusterNode;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;

/** Reads Parley's keys in the test's Redis, as an operator would with redis-cli. */
public final class RedisKeys {

    private final ClusterNode node;

    public RedisKeys(ClusterNode node) {
        this.node = node;
    }

    public Response send(Request request) {
        return node.broker().send(request).await().atMost(Duration.ofSeconds(5));
    }

    public boolean exists(String key) {
        return send(Request.cmd(Command.EXISTS).arg(key)).toInteger() == 1;
    }

    public long pttl(String key) {
        return send(Request.cmd(Command.PTTL).arg(key)).toLong();
    }

    public Map<String, String> hash(String key) {
        Response all = send(Request.cmd(Command.HGETALL).arg(key));
        Map<String, String> map = new HashMap<>();
        if (all == null) {
            return map;
        }
        for (String field : all.getKeys()) {
            map.put(field, all.get(field).toString());
        }
        return map;
    }
}
