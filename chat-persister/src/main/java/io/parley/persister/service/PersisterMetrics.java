package io.parley.persister.service;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The persister's meters. Tags take values from small fixed sets only (topic names, outcomes, DLQ
 * reasons): never room or user ids. Consumer lag comes from the Kafka client metrics binder
 * ({@code kafka_consumer_fetch_manager_records_lag_max}).
 */
@ApplicationScoped
public class PersisterMetrics {

    public enum Outcome {
        /** Written to the database. */
        STORED,
        /** A retraction: its message is not stored (deleted if it was). */
        RETRACTED,
        /** Already there (redelivery): nothing written. */
        DUPLICATE,
        /** Sent to the dead-letter topic. */
        DEAD_LETTERED,
        /** Valid but not for this consumer (e.g. an event type added later). */
        SKIPPED
    }

    private final MeterRegistry registry;

    public PersisterMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void records(String topic, Outcome outcome, int count) {
        if (count > 0) {
            Counter.builder("parley.persister.records").description("Records consumed, by outcome")
                    .tag("topic", topic).tag("outcome", outcome.name().toLowerCase())
                    .register(registry).increment(count);
        }
    }

    public void deadLettered(String reason) {
        Counter.builder("parley.persister.dlq").description("Records sent to the dead-letter topic, by reason")
                .tag("reason", reason).register(registry).increment();
    }

    public void batch(String topic, int size, long nanos) {
        DistributionSummary.builder("parley.persister.batch.size").description("Records per consumed batch")
                .tag("topic", topic).publishPercentiles(0.5, 0.99).register(registry).record(size);
        Timer.builder("parley.persister.batch.duration").description("Time to store one batch")
                .tag("topic", topic).register(registry).record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    public void retry(String topic) {
        Counter.builder("parley.persister.batch.retries").description("Batches retried after a failure")
                .tag("topic", topic).register(registry).increment();
    }
}
