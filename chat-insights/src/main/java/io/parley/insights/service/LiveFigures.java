package io.parley.insights.service;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.parley.insights.config.InsightsConfig;
import io.parley.insights.repository.QueryRepository;
import io.quarkus.scheduler.Scheduled;

/**
 * The live figures as Prometheus gauges, recomputed from the database every
 * {@code parley.insights.metrics.refresh-interval} (so every replica exports the same values). No
 * labels at all: never a room, user or node id.
 */
@ApplicationScoped
public class LiveFigures {

    private static final Logger LOG = Logger.getLogger(LiveFigures.class);

    private final QueryRepository queries;
    private final InsightsConfig config;
    private final AtomicLong messagesLastMinute = new AtomicLong();
    private final AtomicLong roomsLastHour = new AtomicLong();
    private final AtomicLong sendersLastHour = new AtomicLong();
    private final AtomicLong usersThisHour = new AtomicLong();
    private final AtomicLong openConnections = new AtomicLong();

    public LiveFigures(QueryRepository queries, InsightsConfig config, MeterRegistry registry) {
        this.queries = queries;
        this.config = config;
        Gauge.builder("parley.insights.messages.last.minute", messagesLastMinute, AtomicLong::get)
                .description("Messages in the last complete minute, all rooms").register(registry);
        Gauge.builder("parley.insights.rooms.active.last.hour", roomsLastHour, AtomicLong::get)
                .description("Rooms with a message in the last 60 complete minutes").register(registry);
        Gauge.builder("parley.insights.senders.active.last.hour", sendersLastHour, AtomicLong::get)
                .description("Distinct senders in the last 60 complete minutes").register(registry);
        Gauge.builder("parley.insights.users.active.current.hour", usersThisHour, AtomicLong::get)
                .description("Distinct active users in the current hour").register(registry);
        Gauge.builder("parley.insights.connections.open", openConnections, AtomicLong::get)
                .description("Sockets open now on all edge nodes (from user events)").register(registry);
    }

    @Scheduled(every = "${parley.insights.metrics.refresh-interval}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional
    void refresh() {
        try {
            long now = System.currentTimeMillis();
            Instant minute = Instant.ofEpochMilli(Aggregator.floor(now, Aggregator.MINUTE_MS));
            Instant hour = Instant.ofEpochMilli(Aggregator.floor(now, Aggregator.HOUR_MS));
            messagesLastMinute.set(queries.totals(minute.minusSeconds(60), minute).messages());
            roomsLastHour.set(queries.totals(minute.minusSeconds(3600), minute).rooms());
            sendersLastHour.set(queries.distinctSenders(minute.minusSeconds(3600), minute));
            usersThisHour.set(queries.distinctUsers(hour, hour.plusSeconds(3600)));
            openConnections.set(queries.openSessions(Instant.ofEpochMilli(now),
                    config.connections().maxSession().toMillis()));
        } catch (RuntimeException e) {
            LOG.warnf("refreshing the live figures failed (they keep their last values): %s", e.toString());
        }
    }
}
