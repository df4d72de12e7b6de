package io.parley.notifier.service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.parley.notifier.config.NotifierConfig;
import io.parley.notifier.entity.Provider;
import io.parley.notifier.kafka.NotificationDeadLetters;
import io.parley.notifier.provider.PushProvider;
import io.parley.notifier.provider.SendResult;
import io.parley.notifier.provider.SendResult.Outcome;
import io.parley.notifier.repository.DeliveryRepository;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Sends deliveries without blocking the consumer: each provider has its own in-flight limit
 * ({@code delivery.max-in-flight}); a job that gets no permit within the batch's deadline stays
 * PENDING in the database and the recovery picks it up, so a slow provider costs a partition at
 * most that deadline per batch, and never another provider's capacity.
 *
 * <p>Per job: attempt with a timeout; DELIVERED closes it; GONE removes the device; REJECTED goes
 * to the dead-letter topic at once; TRANSIENT is retried after an exponential backoff with jitter
 * (at least the provider's Retry-After) until {@code delivery.max-attempts}, then dead-lettered. A
 * delivery is closed in the database only once its dead letter is acknowledged by the broker.
 */
@ApplicationScoped
public class DeliveryDispatcher {

    private static final Logger LOG = Logger.getLogger(DeliveryDispatcher.class);

    public static final String REASON_EXHAUSTED = "RETRIES_EXHAUSTED";
    public static final String REASON_REJECTED = "REJECTED";
    public static final String REASON_DISABLED = "PROVIDER_DISABLED";

    private final ProviderRegistry providers;
    private final DeliveryStore store;
    private final NotificationDeadLetters deadLetters;
    private final NotifierMetrics metrics;
    private final NotifierConfig.Delivery config;
    private final Map<Provider, Semaphore> permits = new EnumMap<>(Provider.class);

    public DeliveryDispatcher(ProviderRegistry providers, DeliveryStore store, NotificationDeadLetters deadLetters,
            NotifierMetrics metrics, NotifierConfig config) {
        this.providers = providers;
        this.store = store;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.config = config.delivery();
        for (Provider p : Provider.values()) {
            permits.put(p, new Semaphore(Math.max(1, this.config.maxInFlight())));
        }
    }

    /**
     * Starts the jobs (blocking the caller at most until {@code deadlineNanos} for permits).
     *
     * @return the jobs not started; they stay PENDING for the recovery
     */
    public List<DeliveryJob> submit(List<DeliveryJob> jobs, long deadlineNanos) {
        List<DeliveryJob> deferred = new ArrayList<>();
        for (DeliveryJob job : jobs) {
            Semaphore s = permits.get(job.device().provider());
            boolean got;
            try {
                long wait = deadlineNanos - System.nanoTime();
                got = wait > 0 ? s.tryAcquire(wait, TimeUnit.NANOSECONDS) : s.tryAcquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                got = false;
            }
            if (got) {
                attempt(job, job.attemptsDone() + 1);
            } else {
                deferred.add(job);
            }
        }
        if (!deferred.isEmpty()) {
            metrics.deferred(deferred.size());
        }
        return deferred;
    }

    /** Free permits of a provider (the recovery claims no more than this). */
    public int available(Provider p) {
        return permits.get(p).availablePermits();
    }

    private void attempt(DeliveryJob job, int attempt) {
        PushProvider provider = providers.get(job.device().provider());
        if (provider == null || !provider.enabled()) {
            close(job, attempt - 1, Outcome.REJECTED, REASON_DISABLED,
                    "provider " + job.device().provider() + " is not configured");
            return;
        }
        Uni<SendResult> send;
        try {
            send = provider.send(job.device(), job.notification());
        } catch (RuntimeException e) {
            send = Uni.createFrom().failure(e);
        }
        send.ifNoItem().after(config.timeout())
                .recoverWithItem(() -> SendResult.transientError(0, "timeout after " + config.timeout(), null))
                .onFailure().recoverWithItem(e -> SendResult.transientError(0, String.valueOf(e), null))
                .subscribe().with(result -> handle(job, attempt, result));
    }

    private void handle(DeliveryJob job, int attempt, SendResult result) {
        Provider kind = job.device().provider();
        metrics.attempt(kind, result.outcome());
        switch (result.outcome()) {
            case DELIVERED -> close(job, attempt, Outcome.DELIVERED, null, null);
            case GONE -> close(job, attempt, Outcome.GONE, null, result.detail());
            case REJECTED -> close(job, attempt, Outcome.REJECTED, REASON_REJECTED, result.detail());
            case TRANSIENT -> {
                if (attempt >= config.maxAttempts()) {
                    close(job, attempt, Outcome.REJECTED, REASON_EXHAUSTED, result.detail());
                } else {
                    Duration delay = backoff(attempt, result.retryAfter());
                    LOG.debugf("%s delivery of %s to %s failed (%s), attempt %d, retrying in %s", kind,
                            job.messageId(), job.device().id(), result.detail(), attempt, delay);
                    Uni.createFrom().voidItem().onItem().delayIt().by(delay)
                            .subscribe().with(v -> attempt(job, attempt + 1));
                }
            }
        }
    }

    /** Exponential backoff with equal jitter: half of the step fixed, half random; at least Retry-After. */
    Duration backoff(int attempt, Duration retryAfter) {
        long initial = Math.max(1, config.initialBackoff().toMillis());
        long max = Math.max(initial, config.maxBackoff().toMillis());
        long step = Math.min(max, initial << Math.min(30, attempt - 1));
        long ms = step / 2 + ThreadLocalRandom.current().nextLong(step / 2 + 1);
        if (retryAfter != null) {
            ms = Math.max(ms, Math.min(max, retryAfter.toMillis()));
        }
        return Duration.ofMillis(ms);
    }

    /** Records the end of a job (on a worker thread: database and broker), then frees its permit. */
    private void close(DeliveryJob job, int attempts, Outcome outcome, String reason, String detail) {
        Provider kind = job.device().provider();
        Uni<Void> work;
        if (outcome == Outcome.DELIVERED) {
            work = blocking(() -> store.finish(job.messageId(), job.device().id(), DeliveryRepository.DELIVERED,
                    attempts, null));
        } else if (outcome == Outcome.GONE) {
            LOG.infof("%s device %s of %s is gone (%s): removed", kind, job.device().id(), job.device().userId(),
                    detail);
            work = blocking(() -> store.gone(job.messageId(), job.device().id(), attempts, detail));
        } else {
            LOG.warnf("%s delivery of %s to device %s dead-lettered: %s after %d attempt(s): %s", kind,
                    job.messageId(), job.device().id(), reason, attempts, detail);
            work = deadLetters.send(job, reason, attempts, detail)
                    .chain(() -> blocking(() -> store.finish(job.messageId(), job.device().id(),
                            DeliveryRepository.DEAD, attempts, reason + ": " + detail)));
        }
        work.subscribe().with(v -> {
            permits.get(kind).release();
            metrics.finished(kind, outcome == Outcome.REJECTED ? "dead-lettered" : outcome.name().toLowerCase());
        }, e -> {
            // stays PENDING: the recovery takes it up again after the lease
            permits.get(kind).release();
            LOG.errorf(e, "could not record the end of delivery %s/%s; the recovery will retry it", job.messageId(),
                    job.device().id());
        });
    }

    private static Uni<Void> blocking(Runnable r) {
        return Uni.createFrom().<Void>item(() -> {
            r.run();
            return null;
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }
}
