package io.parley.insights.service;

import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The consumer's meters. Tags take values from small fixed sets only (topic names, outcomes, DLQ
 * reasons): never room, user or node ids. The live figures are gauges in {@link LiveFigures};
 * consumer lag comes from the Kafka client metrics binder.
 */
@ApplicationScoped
public class InsightsMetrics {

    public enum Outcome {
        /** Added to the figures. */
        COUNTED,
        /** Already counted (redelivery): nothing changed. */
        DUPLICATE,
        /** Older than the allowed lateness: dropped. */
        LATE,
        /** Sent to the dead-letter topic. */
        DEAD_LETTERED,
        /** Valid but not for this consumer (an event type added later). */
        SKIPPED
    }

    private final MeterRegistry registry;

    public InsightsMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void records(String topic, Outcome outcome, int count) {
        if (count > 0) {
            Counter.builder("parley.insights.records").description("Events consumed, by outcome")
                    .tag("topic", topic).tag("outcome", outcome.name().toLowerCase())
                    .register(registry).increment(count);
        }
    }

    public void tally(String topic, Tally tally) {
        records(topic, Outcome.COUNTED, tally.counted());
        records(topic, Outcome.DUPLICATE, tally.duplicates());
        records(topic, Outcome.LATE, tally.late());
    }

    public void deadLettered(String reason) {
        Counter.builder("parley.insights.dlq").description("Records sent to the dead-letter topic, by reason")
                .tag("reason", reason).register(registry).increment();
    }

    public void batch(String topic, int size, long nanos) {
        DistributionSummary.builder("parley.insights.batch.size").description("Records per consumed batch")
                .tag("topic", topic).register(registry).record(size);
        Timer.builder("parley.insights.batch.duration").description("Time to aggregate one batch")
                .tag("topic", topic).register(registry).record(nanos, TimeUnit.NANOSECONDS);
    }

    public void retry(String topic) {
        Counter.builder("parley.insights.batch.retries").description("Batches retried after a failure")
                .tag("topic", topic).register(registry).increment();
    }
}
