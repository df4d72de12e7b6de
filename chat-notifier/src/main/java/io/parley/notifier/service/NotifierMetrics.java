package io.parley.notifier.service;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.MeterRegistry;
import io.parley.notifier.entity.Provider;
import io.parley.notifier.provider.SendResult.Outcome;

/**
 * Counters: {@code parley_notifier_messages_total{outcome}} (messages consumed: processed,
 * dead-lettered), {@code parley_notifier_recipients_total{decision}} (per offline member: notified,
 * coalesced, muted, online, no-device), {@code parley_notifier_attempts_total{provider,outcome}},
 * {@code parley_notifier_deliveries_total{provider,outcome}} and
 * {@code parley_notifier_deferred_total}.
 */
@ApplicationScoped
public class NotifierMetrics {

    private final MeterRegistry registry;

    public NotifierMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void messages(String outcome, int n) {
        if (n > 0) {
            registry.counter("parley.notifier.messages", "outcome", outcome).increment(n);
        }
    }

    public void recipients(String decision, int n) {
        if (n > 0) {
            registry.counter("parley.notifier.recipients", "decision", decision).increment(n);
        }
    }

    public void attempt(Provider provider, Outcome outcome) {
        registry.counter("parley.notifier.attempts", "provider", provider.name(), "outcome", outcome.name()).increment();
    }

    public void finished(Provider provider, String outcome) {
        registry.counter("parley.notifier.deliveries", "provider", provider.name(), "outcome", outcome).increment();
    }

    public void deferred(int n) {
        registry.counter("parley.notifier.deferred").increment(n);
    }
}
