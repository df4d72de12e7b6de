package io.parley.notifier.service;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.parley.events.ChatMessageEvent;
import io.parley.notifier.config.NotifierConfig;
import io.parley.notifier.entity.DeviceEntity;
import io.parley.notifier.mapping.DeviceTarget;
import io.parley.notifier.mapping.PushNotification;
import io.parley.notifier.repository.DeliveryRepository;
import io.parley.notifier.repository.DeviceRepository;
import io.parley.notifier.repository.MemberRepository;
import io.parley.notifier.repository.MuteRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Turns a batch of chat messages into deliveries. For each message, in order: the room's members
 * (the notifier's copy of membership) minus the sender; minus those without a device; minus those
 * who muted the room; minus those online (chat-edge presence); then the {@link Coalescer} decides
 * per (message, user) whether a notification goes out now and with what count. Each notification
 * becomes one PENDING delivery row per device of the user, inserted {@code ON CONFLICT DO NOTHING}
 * (so a redelivered message pushes nothing twice), and the new rows are handed to the
 * {@link DeliveryDispatcher}. Blocking: runs on the consumer's worker thread.
 */
@ApplicationScoped
public class NotificationPlanner {

    /** Coalescer items per Redis script call. */
    static final int COALESCE_CHUNK = 1000;

    private final MemberRepository members;
    private final DeviceRepository devices;
    private final MuteRepository mutes;
    private final DeliveryRepository deliveries;
    private final PresenceReader presence;
    private final Coalescer coalescer;
    private final DeliveryDispatcher dispatcher;
    private final DeliveryStore store;
    private final NotifierMetrics metrics;
    private final ObjectMapper json;
    private final int previewLength;
    private final long submitWaitNanos;

    public NotificationPlanner(MemberRepository members, DeviceRepository devices, MuteRepository mutes,
            DeliveryRepository deliveries, PresenceReader presence, Coalescer coalescer, DeliveryDispatcher dispatcher,
            DeliveryStore store, NotifierMetrics metrics, ObjectMapper json, NotifierConfig config) {
        this.members = members;
        this.devices = devices;
        this.mutes = mutes;
        this.deliveries = deliveries;
        this.presence = presence;
        this.coalescer = coalescer;
        this.dispatcher = dispatcher;
        this.store = store;
        this.metrics = metrics;
        this.json = json;
        this.previewLength = Math.max(1, config.previewLength());
        this.submitWaitNanos = config.delivery().submitWait().toNanos();
    }

    /** What the lookups found for a batch. */
    private record Lookup(Map<String, Set<String>> members, Map<String, List<DeviceTarget>> devices,
            Set<String> muted) {
    }

    /** @return the number of deliveries started or left for the recovery */
    public int plan(List<ChatMessageEvent> events) {
        if (events.isEmpty()) {
            return 0;
        }
        Set<String> rooms = new LinkedHashSet<>();
        for (ChatMessageEvent e : events) {
            rooms.add(e.roomId());
        }
        Lookup lookup = QuarkusTransaction.requiringNew().call(() -> lookup(events, rooms));

        // offline, unmuted members with devices, per message, in order
        Set<String> candidates = new HashSet<>();
        for (Set<String> m : lookup.members().values()) {
            for (String u : m) {
                if (lookup.devices().containsKey(u)) {
                    candidates.add(u);
                }
            }
        }
        Set<String> online = presence.online(candidates);
        List<Coalescer.Item> items = new ArrayList<>();
        List<ChatMessageEvent> itemEvents = new ArrayList<>();
        int muted = 0;
        int onlineCount = 0;
        int noDevice = 0;
        for (ChatMessageEvent e : events) {
            for (String user : lookup.members().getOrDefault(e.roomId(), Set.of())) {
                if (user.equals(e.senderId())) {
                    continue;
                }
                if (!lookup.devices().containsKey(user)) {
                    noDevice++;
                } else if (lookup.muted().contains(user + "|" + e.roomId())) {
                    muted++;
                } else if (online.contains(user)) {
                    onlineCount++;
                } else {
                    items.add(new Coalescer.Item(e.id(), user, e.roomId()));
                    itemEvents.add(e);
                }
            }
        }
        metrics.recipients("muted", muted);
        metrics.recipients("online", onlineCount);
        metrics.recipients("no-device", noDevice);
        if (items.isEmpty()) {
            return 0;
        }
        long[] counts = new long[items.size()];
        for (int from = 0; from < items.size(); from += COALESCE_CHUNK) {
            List<Coalescer.Item> chunk = items.subList(from, Math.min(items.size(), from + COALESCE_CHUNK));
            System.arraycopy(coalescer.decide(chunk), 0, counts, from, chunk.size());
        }
        List<DeliveryJob> jobs = new ArrayList<>();
        int coalesced = 0;
        for (int i = 0; i < items.size(); i++) {
            if (counts[i] <= 0) {
                coalesced++;
                continue;
            }
            ChatMessageEvent e = itemEvents.get(i);
            PushNotification n = new PushNotification(e.id(), e.roomId(), e.senderId(), preview(e.body()), counts[i],
                    e.ts());
            for (DeviceTarget d : lookup.devices().get(items.get(i).userId())) {
                jobs.add(new DeliveryJob(e.id(), d, n, 0));
            }
        }
        metrics.recipients("coalesced", coalesced);
        metrics.recipients("notified", items.size() - coalesced);
        if (jobs.isEmpty()) {
            return 0;
        }
        List<DeliveryJob> fresh = QuarkusTransaction.requiringNew().call(() -> insert(jobs));
        long deadline = System.nanoTime() + submitWaitNanos;
        List<DeliveryJob> deferred = dispatcher.submit(fresh, deadline);
        if (!deferred.isEmpty()) {
            store.release(deferred);
        }
        return fresh.size();
    }

    private Lookup lookup(List<ChatMessageEvent> events, Set<String> rooms) {
        Map<String, Set<String>> roomMembers = members.membersOf(rooms);
        Set<String> users = new HashSet<>();
        roomMembers.values().forEach(users::addAll);
        Map<String, List<DeviceTarget>> byUser = new HashMap<>();
        for (DeviceEntity d : devices.byUsers(users)) {
            byUser.computeIfAbsent(d.userId, k -> new ArrayList<>()).add(DeviceTarget.of(d));
        }
        Set<String> muted = mutes.mutedNow(byUser.keySet(), rooms);
        return new Lookup(roomMembers, byUser, muted);
    }

    private List<DeliveryJob> insert(List<DeliveryJob> jobs) {
        List<DeliveryJob> fresh = new ArrayList<>();
        for (DeliveryJob j : jobs) {
            if (deliveries.insertPending(j.messageId(), j.device().id(), j.device().userId(),
                    j.notification().roomId(), payload(j))) {
                fresh.add(j);
            }
        }
        return fresh;
    }

    String payload(DeliveryJob j) {
        try {
            return json.writeValueAsString(j.notification());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    String preview(String body) {
        if (body.length() <= previewLength) {
            return body;
        }
        int end = previewLength - 1;
        if (Character.isHighSurrogate(body.charAt(end - 1))) {
            end--;
        }
        return body.substring(0, end) + "…";
    }
}
