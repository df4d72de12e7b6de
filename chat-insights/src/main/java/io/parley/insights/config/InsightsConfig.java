package io.parley.insights.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of chat-insights (prefix {@code parley.insights}). */
@ConfigMapping(prefix = "parley.insights")
public interface InsightsConfig {

    /** Kafka consumer group of both incoming channels; also written into the DLQ headers. */
    @WithDefault("chat-insights")
    String consumerGroup();

    /**
     * How old an event may be (its {@code ts} against this consumer's clock) and still count. Older
     * events are dropped as late (metric outcome {@code late}). Message ids are remembered for
     * deduplication exactly as long, so a redelivery can never count twice.
     */
    @WithDefault("6h")
    Duration lateness();

    /** How long minute, hour and session data are kept before the sweep deletes them. */
    @WithDefault("30d")
    Duration retention();

    /** Retention sweep (processed ids, old buckets, old sessions). */
    Sweep sweep();

    /** Concurrent-connection figures. */
    Connections connections();

    /** Limits of the REST API. */
    Api api();

    /** Live figures exported as Prometheus gauges. */
    Metrics metrics();

    /** Retry of a batch that failed for a reason that may pass (database down, deadlock...). */
    Retry retry();

    interface Sweep {
        /** How often the sweep runs (one instance at a time, by a PostgreSQL advisory lock). */
        @WithDefault("5m")
        Duration interval();

        /** Most rows deleted per table and sweep round (the rest goes in the next round). */
        @WithDefault("50000")
        int maxRows();
    }

    interface Connections {
        /**
         * A session whose DISCONNECTED event never arrived (lost: user-events are produced with
         * acks=1; or the node died) counts as ended this long after it connected.
         */
        @WithDefault("24h")
        Duration maxSession();
    }

    interface Api {
        /** Window of summary and top rooms when {@code from} is not given: the last this long. */
        @WithDefault("1h")
        Duration defaultWindow();

        /** Most points of one series (minute or hour buckets); a longer range is a 400 problem. */
        @WithDefault("1500")
        int maxPoints();

        /** Rooms in the top list when {@code limit} is not given. */
        @WithDefault("10")
        int topDefaultLimit();

        /** Largest {@code limit} of the top list; more is a 400 problem. */
        @WithDefault("100")
        int topMaxLimit();
    }

    interface Metrics {
        /** How often the live gauges are recomputed from the database. */
        @WithDefault("15s")
        Duration refreshInterval();
    }

    interface Retry {
        /** First pause after a failed batch. */
        @WithDefault("200ms")
        Duration initialBackoff();

        /** Longest pause between attempts (the backoff doubles up to this). */
        @WithDefault("5s")
        Duration maxBackoff();
    }
}
