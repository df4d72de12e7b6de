package io.parley.edge.ratelimit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.parley.edge.cluster.RedisBroker;
import io.parley.edge.ratelimit.TokenBucket.Bucket;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;

/** The token bucket script against the real Redis of the test configuration (quarkus.redis.hosts). */
class TokenBucketTest {

    private static Vertx vertx;
    private static Redis redis;
    private static TokenBucket buckets;

    private final String run = "test:tb:" + UUID.randomUUID() + ":";

    @BeforeAll
    static void connect() {
        vertx = Vertx.vertx();
        String url = ConfigProvider.getConfig().getValue("quarkus.redis.hosts", String.class).split(",")[0];
        redis = Redis.createClient(vertx, url);
        buckets = new TokenBucket(new RedisBroker(redis, vertx.getDelegate(), Duration.ofMillis(100),
                Duration.ofSeconds(1)));
    }

    @AfterAll
    static void close() {
        redis.close();
        vertx.closeAndAwait();
    }

    private static long acquire(Bucket... bucket) {
        return buckets.acquire(List.of(bucket)).await().atMost(Duration.ofSeconds(5));
    }

    @Test
    void aFullBucketLetsTheBurstThroughThenSaysHowLongToWait() {
        Bucket bucket = new Bucket(run + "a", 1, 3);
        assertEquals(0, acquire(bucket));
        assertEquals(0, acquire(bucket));
        assertEquals(0, acquire(bucket));
        long wait = acquire(bucket);
        assertTrue(wait > 0 && wait <= 1000, "one token per second: " + wait);
    }

    @Test
    void tokensComeBackAtTheRate() {
        Bucket bucket = new Bucket(run + "b", 20, 1);
        assertEquals(0, acquire(bucket));
        long wait = acquire(bucket);
        assertTrue(wait > 0 && wait <= 50, "20 per second is one per 50 ms: " + wait);
        await().atMost(Duration.ofSeconds(2)).pollDelay(Duration.ofMillis(wait)).until(() -> acquire(bucket) == 0);
    }

    @Test
    void aRequestIsChargedToEveryBucketOrToNone() {
        Bucket user = new Bucket(run + "user", 0.001, 1);
        Bucket ip = new Bucket(run + "ip", 0.001, 2);
        assertEquals(0, acquire(user, ip));
        // the user bucket is empty: refused, and the IP bucket keeps its last token
        assertTrue(acquire(user, ip) > 0);
        assertEquals(0, acquire(ip));
        assertTrue(acquire(ip) > 0);
    }

    @Test
    void theWaitIsTheLongestOfTheEmptyBuckets() {
        Bucket slow = new Bucket(run + "slow", 0.5, 1);
        Bucket fast = new Bucket(run + "fast", 10, 1);
        assertEquals(0, acquire(slow, fast));
        long wait = acquire(slow, fast);
        assertTrue(wait > 1000 && wait <= 2000, "the slow bucket needs ~2 s: " + wait);
    }

    @Test
    void anIdleBucketExpiresFromRedis() {
        Bucket bucket = new Bucket(run + "idle", 10, 5);
        acquire(bucket);
        long pttl = redis.send(io.vertx.mutiny.redis.client.Request.cmd(io.vertx.mutiny.redis.client.Command.PTTL)
                .arg(bucket.key())).await().atMost(Duration.ofSeconds(5)).toLong();
        // full again after 5 / 10 s, kept one more second
        assertTrue(pttl > 0 && pttl <= 1500, "pttl " + pttl);
    }
}
