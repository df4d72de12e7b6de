package io.parley.edge.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The durable pipeline from the edge to Kafka (prefix {@code parley.pipeline}). The producer itself
 * is configured with the Kafka connector's keys ({@code kafka.bootstrap.servers},
 * {@code mp.messaging.outgoing.chat-messages.*}).
 */
@ConfigMapping(prefix = "parley.pipeline")
public interface PipelineConfig {

    /** Write chat messages to Kafka and ack senders only after Kafka acknowledged. */
    @WithDefault("true")
    boolean enabled();

    /**
     * How long a send waits for Kafka's acknowledgement before the sender gets UNAVAILABLE. Keep it
     * above the producer's delivery.timeout.ms so that the producer gives up first.
     */
    @WithDefault("6s")
    Duration kafkaTimeout();

    /** Window in which a resend with the same clientMsgId from the same user returns the original. */
    @WithDefault("10m")
    Duration dedupWindow();

    /**
     * On a single node without Redis, the most clientMsgIds remembered at once (72 bytes each in arrays that
     * grow by doubling, so up to 144; at most 16777216); beyond it the oldest are forgotten before their
     * window ends. With Redis the keys live there, with a TTL.
     */
    @WithDefault("500000")
    int dedupMaxKeys();

    /**
     * How long the edge keeps trying to write the retraction of a message whose sender got
     * UNAVAILABLE while the producer might still have written it (backoff 0.5 s doubling to 5 s).
     * A retraction not written by then is logged and counted
     * ({@code parley.pipeline.retractions{outcome=expired}}): that message may stay stored.
     */
    @WithDefault("1h")
    Duration retractionRetryFor();

    /** Most retractions waiting to be written at once; beyond it they are counted as expired. */
    @WithDefault("10000")
    int maxPendingRetractions();
}
