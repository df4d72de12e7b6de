package io.parley.edge.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.parley.edge.chat.ChatFanout.Result;
import io.parley.edge.chat.ChatFanout.Status;

/**
 * {@link RecentSends} keeps its entries in arrays, an index with backward-shift deletion and a ring that
 * grows and squeezes out forgotten slots. Here it answers, call for call, like a plain model built from a
 * map and a queue of objects (what it replaced), through random claims, sends, resends, failures, clocks that
 * step back a little (two threads) and windows that end.
 */
class RecentSendsAgainstAModelTest {

    /** The same contract, with one object per key. */
    private static final class Model {
        private record Entry(String key, long expiresAt) {
        }

        private final Map<String, Entry> entries = new HashMap<>();
        private final Map<String, Result> results = new HashMap<>();
        private final ArrayDeque<Entry> byAge = new ArrayDeque<>();
        private final long window;
        private final int maxKeys;
        long forgottenEarly;

        Model(long window, int maxKeys) {
            this.window = window;
            this.maxKeys = maxKeys;
        }

        Result lookup(String key, long now) {
            forgetExpired(now);
            Entry entry = entries.get(key);
            return entry != null && entry.expiresAt > now ? results.get(key) : null;
        }

        void remember(String key, Result result, long now) {
            forgetExpired(now);
            Entry entry = entries.get(key);
            if (entry != null && entry.expiresAt > now) {
                results.put(key, result);
                return;
            }
            Entry fresh = new Entry(key, now + window);
            entries.put(key, fresh);
            results.put(key, result);
            byAge.addLast(fresh);
            while (entries.size() > maxKeys) {
                if (forgetIfCurrent(byAge.pollFirst())) {
                    forgottenEarly++;
                }
            }
        }

        Result claim(String key, long now) {
            Result previous = lookup(key, now);
            if (previous == null) {
                remember(key, new Result(Status.IN_FLIGHT, null, 0, 0), now);
            }
            return previous;
        }

        void forget(String key) {
            entries.remove(key);
            results.remove(key);
        }

        int size() {
            return entries.size();
        }

        private void forgetExpired(long now) {
            while (!byAge.isEmpty()) {
                Entry oldest = byAge.peekFirst();
                if (entries.get(oldest.key) == oldest && oldest.expiresAt > now) {
                    return;
                }
                forgetIfCurrent(byAge.pollFirst());
            }
        }

        private boolean forgetIfCurrent(Entry entry) {
            if (entries.get(entry.key) != entry) {
                return false;
            }
            forget(entry.key);
            return true;
        }
    }

    @ParameterizedTest(name = "{0} keys, cap {1}, window {2} ms, seed {3}")
    @CsvSource({
            "50, 1000000, 40, 1",
            "300, 100, 200, 2",
            "5000, 1000000, 500, 3",
            "5000, 3000, 100000, 4",
            "20000, 700, 2000, 5",
            "3000, 1, 50, 6"
    })
    void answersLikeTheModel(int keys, int maxKeys, long window, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        RecentSends sends = new RecentSends(window, maxKeys, new KeyFingerprint(random.nextLong(), random.nextLong()));
        Model model = new Model(window, maxKeys);
        Status[] statuses = Status.values();
        long now = 1_000;
        for (int step = 0; step < 200_000; step++) {
            now += random.nextInt(4) == 0 ? 1 : 0;
            long at = random.nextInt(50) == 0 ? now - random.nextInt(5) : now; // another thread's clock
            String key = "room\u0000user\u0000" + random.nextInt(keys);
            int op = random.nextInt(12);
            if (op >= 10) {
                assertEquals(model.claim(key, at), sends.claim(key, at), "claim of " + key + " at step " + step);
            } else if (op < 5) {
                String id = random.nextInt(20) == 0 ? "odd-" + step : new UUID(random.nextLong(), random.nextLong()).toString();
                Result result = new Result(statuses[random.nextInt(statuses.length)], id, step, at);
                sends.remember(key, result, at);
                model.remember(key, result, at);
            } else if (op < 9) {
                assertEquals(model.lookup(key, at), sends.lookup(key, at), "lookup of " + key + " at step " + step);
            } else {
                sends.forget(key);
                model.forget(key);
            }
            if (step % 97 == 0) {
                assertEquals(model.size(), sends.size(), "keys at step " + step);
                assertEquals(model.forgottenEarly, sends.forgottenEarly(), "forgotten early at step " + step);
            }
        }
        assertEquals(model.size(), sends.size());
        assertEquals(model.forgottenEarly, sends.forgottenEarly());
    }
}
