package io.parley.insights.service;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.parley.insights.config.InsightsConfig;
import io.parley.insights.mapping.Granularity;
import io.parley.insights.mapping.HourFigures;
import io.parley.insights.mapping.HourlySeries;
import io.parley.insights.mapping.NodePeak;
import io.parley.insights.mapping.RoomSeries;
import io.parley.insights.mapping.SeriesPoint;
import io.parley.insights.mapping.Summary;
import io.parley.insights.mapping.TopRooms;
import io.parley.insights.repository.QueryRepository;
import io.parley.insights.repository.QueryRepository.BucketCount;
import io.parley.insights.rest.ProblemException;

/**
 * The analytics read side: parses and checks the API's parameters (bad ones are 400 problems),
 * aligns windows to whole minutes (hours for hourly figures: {@code from} down, {@code to} up) and
 * assembles the figures.
 */
@ApplicationScoped
public class InsightsService {

    private final QueryRepository queries;
    private final InsightsConfig config;

    public InsightsService(QueryRepository queries, InsightsConfig config) {
        this.queries = queries;
        this.config = config;
    }

    /** A window [from, to) aligned to a bucket size. */
    public record Window(Instant from, Instant to) {
        long buckets(long stepMs) {
            return (to.toEpochMilli() - from.toEpochMilli()) / stepMs;
        }
    }

    @Transactional
    public Summary summary(String from, String to) {
        Window w = window(from, to, Aggregator.MINUTE_MS);
        QueryRepository.Totals totals = queries.totals(w.from(), w.to());
        long senders = queries.distinctSenders(w.from(), w.to());
        Window hours = align(w.from(), w.to(), Aggregator.HOUR_MS);
        long users = queries.distinctUsers(hours.from(), hours.to());
        long step = w.to().toEpochMilli() - w.from().toEpochMilli();
        List<NodePeak> peaks = QueryRepository.byBucket(queries.peaks(w.from(), w.to(), step,
                config.connections().maxSession().toMillis())).getOrDefault(w.from(), List.of());
        return new Summary(w.from(), w.to(), totals.messages(), totals.rooms(), senders, users, peaks);
    }

    @Transactional
    public HourlySeries hourly(String from, String to) {
        Window w = window(from, to, Aggregator.HOUR_MS);
        checkPoints(w, Aggregator.HOUR_MS);
        Map<Instant, Long> messages = toMap(queries.messages(null, w.from(), w.to(), Aggregator.HOUR_MS));
        Map<Instant, Long> senders = toMap(queries.senders(null, w.from(), w.to(), Aggregator.HOUR_MS));
        Map<Instant, Long> users = toMap(queries.usersPerHour(w.from(), w.to()));
        Map<Instant, List<NodePeak>> peaks = QueryRepository.byBucket(queries.peaks(w.from(), w.to(),
                Aggregator.HOUR_MS, config.connections().maxSession().toMillis()));
        List<HourFigures> out = new ArrayList<>();
        for (Instant h = w.from(); h.isBefore(w.to()); h = h.plusMillis(Aggregator.HOUR_MS)) {
            out.add(new HourFigures(h, messages.getOrDefault(h, 0L), senders.getOrDefault(h, 0L),
                    users.getOrDefault(h, 0L), peaks.getOrDefault(h, List.of())));
        }
        return new HourlySeries(w.from(), w.to(), out);
    }

    @Transactional
    public RoomSeries roomSeries(String roomId, String from, String to, String granularity) {
        Granularity g = granularity(granularity);
        Window w = window(from, to, g.millis());
        checkPoints(w, g.millis());
        Map<Instant, Long> messages = toMap(queries.messages(roomId, w.from(), w.to(), g.millis()));
        Map<Instant, Long> senders = toMap(queries.senders(roomId, w.from(), w.to(), g.millis()));
        List<SeriesPoint> points = new ArrayList<>();
        for (Instant b = w.from(); b.isBefore(w.to()); b = b.plusMillis(g.millis())) {
            points.add(new SeriesPoint(b, messages.getOrDefault(b, 0L), senders.getOrDefault(b, 0L)));
        }
        return new RoomSeries(roomId, g, w.from(), w.to(), points);
    }

    @Transactional
    public TopRooms topRooms(String from, String to, String limit) {
        Window w = window(from, to, Aggregator.MINUTE_MS);
        int n = config.api().topDefaultLimit();
        if (limit != null) {
            try {
                n = Integer.parseInt(limit);
            } catch (NumberFormatException e) {
                throw ProblemException.invalid("limit must be an integer", "limit");
            }
            if (n < 1 || n > config.api().topMaxLimit()) {
                throw ProblemException.invalid("limit must be 1.." + config.api().topMaxLimit(), "limit");
            }
        }
        return new TopRooms(w.from(), w.to(), queries.topRooms(w.from(), w.to(), n));
    }

    /** Parses from/to (ISO-8601 instants; defaults: to = now, from = to - default window) and aligns them. */
    Window window(String from, String to, long stepMs) {
        Instant end = to == null ? Instant.now() : instant(to, "to");
        Instant start = from == null ? end.minus(config.api().defaultWindow()) : instant(from, "from");
        if (!start.isBefore(end)) {
            throw ProblemException.invalid("from must be before to", "from");
        }
        return align(start, end, stepMs);
    }

    static Window align(Instant from, Instant to, long stepMs) {
        long f = Aggregator.floor(from.toEpochMilli(), stepMs);
        long t = -Aggregator.floor(-to.toEpochMilli(), stepMs);
        return new Window(Instant.ofEpochMilli(f), Instant.ofEpochMilli(t));
    }

    private void checkPoints(Window w, long stepMs) {
        if (w.buckets(stepMs) > config.api().maxPoints()) {
            throw ProblemException.invalid("the range has " + w.buckets(stepMs) + " buckets, at most "
                    + config.api().maxPoints() + " are allowed: narrow it or use a coarser granularity", "from");
        }
    }

    private static Instant instant(String value, String field) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid(field + " must be an ISO-8601 instant such as 2026-01-31T12:00:00Z", field);
        }
    }

    private static Granularity granularity(String value) {
        if (value == null) {
            return Granularity.MINUTE;
        }
        try {
            return Granularity.valueOf(value.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("granularity must be minute or hour", "granularity");
        }
    }

    private static Map<Instant, Long> toMap(List<BucketCount> rows) {
        Map<Instant, Long> out = new HashMap<>();
        for (BucketCount r : rows) {
            out.put(r.bucket(), r.value());
        }
        return out;
    }
}
