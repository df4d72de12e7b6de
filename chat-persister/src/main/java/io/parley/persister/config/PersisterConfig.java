package io.parley.persister.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the persister (prefix {@code parley.persister}). */
@ConfigMapping(prefix = "parley.persister")
public interface PersisterConfig {

    /** Kafka consumer group of both incoming channels; also written into the DLQ headers. */
    @WithDefault("chat-persister")
    String consumerGroup();

    /** Retry of a batch that failed for a reason that may pass (database down, deadlock...). */
    Retry retry();

    /** History pagination. */
    History history();

    /** Membership outbox relay. */
    Outbox outbox();

    interface Retry {
        /** First pause after a failed batch. */
        @WithDefault("200ms")
        Duration initialBackoff();

        /** Longest pause between attempts (the backoff doubles up to this). */
        @WithDefault("5s")
        Duration maxBackoff();
    }

    interface History {
        /** Page size when {@code limit} is not given. */
        @WithDefault("50")
        int defaultLimit();

        /** Largest {@code limit} accepted; more is a 400 problem. */
        @WithDefault("200")
        int maxLimit();
    }

    interface Outbox {
        /** How often the relay looks for unpublished events (it is also woken after each change). */
        @WithDefault("1s")
        Duration pollInterval();

        /** Events published per relay round. */
        @WithDefault("100")
        int batchSize();

        /** How long a publish may wait for the broker's acknowledgement. */
        @WithDefault("10s")
        Duration sendTimeout();
    }
}
