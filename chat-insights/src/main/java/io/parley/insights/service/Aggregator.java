package io.parley.insights.service;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;

import io.parley.events.ChatMessageEvent;
import io.parley.events.UserEvent;
import io.parley.insights.config.InsightsConfig;
import io.parley.insights.repository.AggregateRepository;
import io.parley.insights.repository.AggregateRepository.RoomBucket;
import io.parley.insights.repository.AggregateRepository.RoomSender;
import io.parley.insights.repository.AggregateRepository.SessionChange;
import io.parley.insights.repository.AggregateRepository.UserBucket;

/**
 * Turns a batch of valid events into aggregate writes. Each method runs inside the batch's
 * transaction (see {@link BatchWriter}) and may run again on a retry, so it decides what is late
 * and what is new afresh on every attempt.
 *
 * <p>Rules: an event whose {@code ts} is older than now minus the allowed lateness is dropped. A
 * chat message counts only if its id was not recorded yet (insert ... on conflict do nothing
 * returning, in the same transaction as the counter increments). Senders, active users and
 * sessions are sets keyed by what they count, so writing them twice changes nothing.
 */
@ApplicationScoped
public class Aggregator {

    public static final long MINUTE_MS = 60_000L;
    public static final long HOUR_MS = 3_600_000L;

    private final AggregateRepository repository;
    private final InsightsConfig config;

    public Aggregator(AggregateRepository repository, InsightsConfig config) {
        this.repository = repository;
        this.config = config;
    }

    /** Counts the messages (distinct ids within the batch) that are neither late nor counted before. */
    public Tally countMessages(List<ChatMessageEvent> messages) {
        long oldest = oldestAccepted();
        List<String> ids = new ArrayList<>();
        List<Long> timestamps = new ArrayList<>();
        List<ChatMessageEvent> timely = new ArrayList<>();
        for (ChatMessageEvent m : messages) {
            if (m.ts() >= oldest) {
                timely.add(m);
            }
        }
        timely.sort(Comparator.comparing(ChatMessageEvent::id));
        for (ChatMessageEvent m : timely) {
            ids.add(m.id());
            timestamps.add(m.ts());
        }
        Set<String> fresh = repository.insertNewIds(ids, timestamps);
        Map<RoomBucketKey, Long> perMinute = new TreeMap<>();
        Set<RoomSender> senders = new TreeSet<>(Comparator.comparing(RoomSender::roomId)
                .thenComparingLong(RoomSender::bucketMs).thenComparing(RoomSender::senderId));
        Set<UserBucket> users = userBuckets();
        for (ChatMessageEvent m : timely) {
            if (!fresh.contains(m.id())) {
                continue;
            }
            long minute = floor(m.ts(), MINUTE_MS);
            perMinute.merge(new RoomBucketKey(m.roomId(), minute), 1L, Long::sum);
            senders.add(new RoomSender(m.roomId(), minute, m.senderId()));
            users.add(new UserBucket(floor(m.ts(), HOUR_MS), m.senderId()));
        }
        repository.addRoomMinutes(perMinute.entrySet().stream()
                .map(e -> new RoomBucket(e.getKey().roomId(), e.getKey().bucketMs(), e.getValue())).toList());
        repository.addRoomSenders(senders);
        repository.addUserHours(users);
        return new Tally(fresh.size(), timely.size() - fresh.size(), messages.size() - timely.size());
    }

    /**
     * Applies user events: every timely event marks its user active in its hour; CONNECTED opens a
     * session, DISCONNECTED closes it (applied even when late: closing is idempotent and keeps the
     * open-connection figures right).
     */
    public Tally applyUserEvents(List<UserEvent> events) {
        long oldest = oldestAccepted();
        Set<UserBucket> users = userBuckets();
        Map<SessionKey, SessionChange> sessions = new TreeMap<>();
        int counted = 0;
        int late = 0;
        for (UserEvent e : events) {
            boolean timely = e.ts() >= oldest;
            if (timely) {
                users.add(new UserBucket(floor(e.ts(), HOUR_MS), e.userId()));
            }
            if (e.type() == UserEvent.Type.CONNECTED && timely) {
                sessions.merge(new SessionKey(e.nodeId(), e.socketId()),
                        new SessionChange(e.nodeId(), e.socketId(), e.userId(), e.ts(), null), Aggregator::merge);
            } else if (e.type() == UserEvent.Type.DISCONNECTED) {
                sessions.merge(new SessionKey(e.nodeId(), e.socketId()),
                        new SessionChange(e.nodeId(), e.socketId(), e.userId(), null, e.ts()), Aggregator::merge);
            }
            if (timely || e.type() == UserEvent.Type.DISCONNECTED) {
                counted++;
            } else {
                late++;
            }
        }
        repository.addUserHours(users);
        repository.upsertSessions(sessions.values());
        return new Tally(counted, 0, late);
    }

    /** Events with a ts before this (epoch ms) are late. */
    public long oldestAccepted() {
        return System.currentTimeMillis() - config.lateness().toMillis();
    }

    public static long floor(long ms, long unit) {
        return Math.floorDiv(ms, unit) * unit;
    }

    private static Set<UserBucket> userBuckets() {
        return new TreeSet<>(Comparator.comparingLong(UserBucket::bucketMs).thenComparing(UserBucket::userId));
    }

    private static SessionChange merge(SessionChange a, SessionChange b) {
        return new SessionChange(a.nodeId(), a.socketId(), a.userId(), min(a.connectedMs(), b.connectedMs()),
                min(a.disconnectedMs(), b.disconnectedMs()));
    }

    private static Long min(Long a, Long b) {
        return a == null ? b : b == null ? a : Math.min(a, b);
    }

    private record RoomBucketKey(String roomId, long bucketMs) implements Comparable<RoomBucketKey> {
        @Override
        public int compareTo(RoomBucketKey o) {
            int c = roomId.compareTo(o.roomId);
            return c != 0 ? c : Long.compare(bucketMs, o.bucketMs);
        }
    }

    private record SessionKey(String nodeId, String socketId) implements Comparable<SessionKey> {
        @Override
        public int compareTo(SessionKey o) {
            int c = nodeId.compareTo(o.nodeId);
            return c != 0 ? c : socketId.compareTo(o.socketId);
        }
    }
}
