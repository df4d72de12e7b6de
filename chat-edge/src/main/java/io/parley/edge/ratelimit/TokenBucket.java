package io.parley.edge.ratelimit;

import java.util.ArrayList;
import java.util.List;

import io.parley.edge.cluster.RedisBroker;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;

/**
 * Token buckets in Redis, checked and charged together by one atomic Lua script: a request passes
 * only when every bucket it names has a token, and then takes one from each; otherwise nothing is
 * charged and the answer is how long until all of them have one. Time is Redis' own clock
 * ({@code TIME}), so nodes with skewed clocks share the buckets fairly.
 */
public final class TokenBucket {

    /** One bucket: its Redis key, refill rate per second and size. */
    public record Bucket(String key, double ratePerSecond, int burst) {
        public Bucket {
            if (!(ratePerSecond > 0) || burst < 1) {
                throw new IllegalArgumentException("a bucket needs a rate > 0 and a burst >= 1: " + key);
            }
        }
    }

    /**
     * KEYS = bucket hashes {t: tokens, ts: last refill ms}; ARGV[1] = cost, then per key rate
     * (tokens per second) and burst. Returns {1, 0} when charged, {0, retryAfterMs} when not.
     * A bucket idle long enough to be full again expires (burst / rate + 1 s).
     */
    static final String SCRIPT = """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local cost = tonumber(ARGV[1])
            local tokens = {}
            local wait = 0
            for i, key in ipairs(KEYS) do
              local rate = tonumber(ARGV[2 * i]) / 1000
              local burst = tonumber(ARGV[2 * i + 1])
              local state = redis.call('HMGET', key, 't', 'ts')
              local tk = tonumber(state[1])
              local ts = tonumber(state[2])
              if tk == nil or ts == nil then
                tk = burst
                ts = now
              end
              if now > ts then
                tk = math.min(burst, tk + (now - ts) * rate)
              end
              tokens[i] = tk
              if tk < cost then
                local w = math.ceil((cost - tk) / rate)
                if w > wait then wait = w end
              end
            end
            if wait > 0 then
              return {0, wait}
            end
            for i, key in ipairs(KEYS) do
              local rate = tonumber(ARGV[2 * i]) / 1000
              local burst = tonumber(ARGV[2 * i + 1])
              redis.call('HSET', key, 't', tokens[i] - cost, 'ts', now)
              redis.call('PEXPIRE', key, math.ceil(burst / rate) + 1000)
            end
            return {1, 0}
            """;

    private final RedisBroker redis;

    public TokenBucket(RedisBroker redis) {
        this.redis = redis;
    }

    /**
     * Takes one token from every bucket, or none.
     *
     * @return 0 when taken, otherwise the milliseconds until every bucket has a token
     */
    public Uni<Long> acquire(List<Bucket> buckets) {
        List<String> keys = new ArrayList<>(buckets.size());
        List<Object> args = new ArrayList<>(1 + 2 * buckets.size());
        args.add(1);
        for (Bucket bucket : buckets) {
            keys.add(bucket.key());
            args.add(bucket.ratePerSecond());
            args.add(bucket.burst());
        }
        return redis.eval(SCRIPT, keys, args).map(TokenBucket::retryAfter);
    }

    private static long retryAfter(Response response) {
        return response.get(0).toInteger() == 1 ? 0 : Math.max(1, response.get(1).toLong());
    }
}
