package io.parley.notifier.service;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.parley.notifier.config.NotifierConfig;
import io.parley.notifier.entity.DeviceEntity;
import io.parley.notifier.entity.Provider;
import io.parley.notifier.mapping.DeviceTarget;
import io.parley.notifier.mapping.PushNotification;
import io.parley.notifier.repository.DeliveryRepository;
import io.parley.notifier.repository.DeviceRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;

/**
 * Sends deliveries that are PENDING with an expired claim: left by a crashed process, or deferred
 * because a provider had no free slot. Runs every {@code delivery.recovery-interval} on a worker
 * thread; claims rows with {@code FOR UPDATE SKIP LOCKED} (replicas never take the same row) and no
 * more per provider than it has free slots. Also deletes finished rows older than the retention.
 */
@ApplicationScoped
public class DeliveryRecovery {

    private static final Logger LOG = Logger.getLogger(DeliveryRecovery.class);

    private final DeliveryStore store;
    private final DeviceRepository devices;
    private final DeliveryDispatcher dispatcher;
    private final ObjectMapper json;
    private final NotifierConfig.Delivery config;
    private final Vertx vertx;
    private long timer = -1;
    private long lastPurge;

    public DeliveryRecovery(DeliveryStore store, DeviceRepository devices, DeliveryDispatcher dispatcher,
            ObjectMapper json, NotifierConfig config, Vertx vertx) {
        this.store = store;
        this.devices = devices;
        this.dispatcher = dispatcher;
        this.json = json;
        this.config = config.delivery();
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent ev) {
        timer = vertx.setPeriodic(config.recoveryInterval().toMillis(), id -> vertx.executeBlocking(() -> {
            runOnce();
            return null;
        }, false));
    }

    void stop(@Observes ShutdownEvent ev) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** One pass; returns the number of deliveries restarted. */
    public int runOnce() {
        try {
            int free = Integer.MAX_VALUE;
            for (Provider p : Provider.values()) {
                free = Math.min(free, dispatcher.available(p));
            }
            int restarted = 0;
            if (free > 0) {
                List<DeliveryRepository.Pending> claimed = store.claimExpired(config.lease(), Math.min(free, 500));
                List<DeliveryJob> jobs = new ArrayList<>();
                for (DeliveryRepository.Pending p : claimed) {
                    DeviceEntity d = QuarkusTransaction.requiringNew().call(() -> devices.findById(p.deviceId()));
                    if (d == null) {
                        store.finish(p.messageId(), p.deviceId(), DeliveryRepository.GONE, p.attempts(),
                                "device removed before delivery");
                        continue;
                    }
                    jobs.add(new DeliveryJob(p.messageId(), DeviceTarget.of(d),
                            json.readValue(p.payload(), PushNotification.class), p.attempts()));
                }
                List<DeliveryJob> deferred = dispatcher.submit(jobs, System.nanoTime());
                if (!deferred.isEmpty()) {
                    store.release(deferred);
                }
                restarted = jobs.size() - deferred.size();
                if (restarted > 0) {
                    LOG.infof("recovery restarted %d pending deliveries", restarted);
                }
            }
            long now = System.currentTimeMillis();
            if (now - lastPurge > 3_600_000L) {
                lastPurge = now;
                int purged = store.purge(config.retention());
                if (purged > 0) {
                    LOG.infof("purged %d finished deliveries older than %s", purged, config.retention());
                }
            }
            return restarted;
        } catch (Exception e) {
            LOG.warn("delivery recovery pass failed; next pass retries", e);
            return 0;
        }
    }
}
