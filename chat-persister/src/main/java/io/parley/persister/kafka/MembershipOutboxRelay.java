package io.parley.persister.kafka;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

import io.parley.persister.config.PersisterConfig;
import io.parley.persister.entity.OutboxEntity;
import io.parley.persister.repository.OutboxRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;

/**
 * Publishes the membership outbox to {@code membership-events}, oldest first, then deletes what the
 * broker acknowledged. Runs on its own thread: woken after each change and every poll interval.
 * A PostgreSQL advisory lock lets one persister instance relay at a time, which keeps the order of
 * a room's changes. Delivery is at least once (a crash between the acknowledgement and the delete
 * publishes again): edges apply the events idempotently (a removed member is just not in the room).
 */
@ApplicationScoped
public class MembershipOutboxRelay {

    private static final Logger LOG = Logger.getLogger(MembershipOutboxRelay.class);

    private final OutboxRepository outbox;
    private final MutinyEmitter<String> emitter;
    private final PersisterConfig config;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "membership-outbox-relay");
        t.setDaemon(true);
        return t;
    });

    public MembershipOutboxRelay(OutboxRepository outbox,
            @Channel(Channels.MEMBERSHIP_OUT) MutinyEmitter<String> emitter, PersisterConfig config) {
        this.outbox = outbox;
        this.emitter = emitter;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        long every = config.outbox().pollInterval().toMillis();
        executor.scheduleWithFixedDelay(this::drain, every, every, TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        executor.shutdownNow();
    }

    /** Publish soon (after a commit that enqueued events). */
    public void wake() {
        if (!executor.isShutdown()) {
            executor.execute(this::drain);
        }
    }

    private void drain() {
        try {
            boolean more = true;
            while (more && !Thread.currentThread().isInterrupted()) {
                more = QuarkusTransaction.requiringNew().call(this::publishOneRound);
            }
        } catch (Exception e) {
            LOG.warnf("membership outbox relay: %s (will retry)", e.toString());
        }
    }

    private boolean publishOneRound() {
        if (!outbox.tryRelayLock()) {
            return false;
        }
        List<OutboxEntity> rows = outbox.oldest(config.outbox().batchSize());
        if (rows.isEmpty()) {
            return false;
        }
        List<Uni<Void>> sends = rows.stream()
                .map(row -> emitter.sendMessage(KafkaRecord.of(row.eventKey, row.payload))).toList();
        Uni.join().all(sends).andFailFast().await().atMost(config.outbox().sendTimeout());
        outbox.delete("id in ?1", rows.stream().map(row -> row.id).toList());
        return rows.size() == config.outbox().batchSize();
    }
}
