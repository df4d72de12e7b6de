package io.parley.notifier.service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

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
 * ({@code delivery.max-in-flight}) and its own bounded queue ({@code delivery.max-queued}) drained as
 * sends finish. Only when a provider's queue is full does the consumer wait, at most until the
 * batch's deadline; a job that still finds no room stays PENDING in the database and the recovery
 * picks it up. So a slow provider costs a partition at most that deadline per batch, and never
 * another provider's capacity.
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
    private final Map<Provider, ConcurrentLinkedQueue<DeliveryJob>> queues = new EnumMap<>(Provider.class);
    private final Map<Provider, AtomicInteger> queued = new EnumMap<>(Provider.class);
    private final ConcurrentLinkedQueue<Object[]> delivered = new ConcurrentLinkedQueue<>();
    private final java.util.concurrent.atomic.AtomicBoolean flushing = new java.util.concurrent.atomic.AtomicBoolean();

    public DeliveryDispatcher(ProviderRegistry providers, DeliveryStore store, NotificationDeadLetters deadLetters,
            NotifierMetrics metrics, NotifierConfig config) {
        this.providers = providers;
        this.store = store;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.config = config.delivery();
        for (Provider p : Provider.values()) {
            permits.put(p, new Semaphore(Math.max(1, this.config.maxInFlight())));
            queues.put(p, new ConcurrentLinkedQueue<>());
            queued.put(p, new AtomicInteger());
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
            Provider kind = job.device().provider();
            Semaphore s = permits.get(kind);
            if (s.tryAcquire()) {
                attempt(job, job.attemptsDone() + 1);
                continue;
            }
            AtomicInteger q = queued.get(kind);
            if (q.incrementAndGet() <= config.maxQueued()) {
                queues.get(kind).add(job);
                drain(kind);
                continue;
            }
            q.decrementAndGet();
            boolean got;
            try {
                long wait = deadlineNanos - System.nanoTime();
                got = wait > 0 && s.tryAcquire(wait, TimeUnit.NANOSECONDS);
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

    /** Starts queued jobs of a provider while it has free slots. */
    private void drain(Provider kind) {
        Semaphore s = permits.get(kind);
        ConcurrentLinkedQueue<DeliveryJob> queue = queues.get(kind);
        while (!queue.isEmpty() && s.tryAcquire()) {
            DeliveryJob job = queue.poll();
            if (job == null) {
                s.release();
                return;
            }
            queued.get(kind).decrementAndGet();
            attempt(job, job.attemptsDone() + 1);
        }
    }

    private void release(Provider kind) {
        permits.get(kind).release();
        drain(kind);
    }

    /** Free slots of a provider, its queue counted (the recovery claims no more than this). */
    public int available(Provider p) {
        return Math.max(0, permits.get(p).availablePermits() - queued.get(p).get());
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
            // bookkeeping only: recorded in batches (a crash before the flush re-sends it: at least once)
            delivered.add(new Object[] { job.messageId(), job.device().id(), attempts });
            flushDelivered();
            release(kind);
            metrics.finished(kind, "delivered");
            return;
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
            release(kind);
            metrics.finished(kind, outcome == Outcome.REJECTED ? "dead-lettered" : outcome.name().toLowerCase());
        }, e -> {
            // stays PENDING: the recovery takes it up again after the lease
            release(kind);
            LOG.errorf(e, "could not record the end of delivery %s/%s; the recovery will retry it", job.messageId(),
                    job.device().id());
        });
    }

    /** One writer at a time marks delivered rows, up to 1000 per transaction. */
    private void flushDelivered() {
        if (delivered.isEmpty() || !flushing.compareAndSet(false, true)) {
            return;
        }
        Infrastructure.getDefaultWorkerPool().execute(() -> {
            try {
                while (!delivered.isEmpty()) {
                    List<Object[]> rows = new ArrayList<>();
                    Object[] row;
                    while (rows.size() < 1000 && (row = delivered.poll()) != null) {
                        rows.add(row);
                    }
                    try {
                        store.delivered(rows);
                    } catch (RuntimeException e) {
                        LOG.errorf(e, "could not mark %d deliveries DELIVERED; the recovery may send them again",
                                rows.size());
                    }
                }
            } finally {
                flushing.set(false);
                if (!delivered.isEmpty()) {
                    flushDelivered();
                }
            }
        });
    }

    private static Uni<Void> blocking(Runnable r) {
        return Uni.createFrom().<Void>item(() -> {
            r.run();
            return null;
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }
}
