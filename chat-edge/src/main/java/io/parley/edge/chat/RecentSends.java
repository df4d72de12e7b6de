package io.parley.edge.chat;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.logging.Logger;

/**
 * The outcome of each send with a {@code clientMsgId}, remembered for the dedup window so that a resend
 * gets the original's answer: the single-node counterpart of the Redis dedup keys and their TTL.
 *
 * <p>Every key is also queued in the order it was first remembered, and each call first forgets the keys
 * whose window has passed, so memory is bounded by sends per second times the window (about 200 bytes a
 * key). Beyond {@code maxKeys} the oldest keys are forgotten early, so that a burst cannot exhaust the
 * heap; {@link #forgottenEarly()} counts them (a resend of one of those is delivered again). Safe for any
 * thread; the expiry queue is guarded by its own lock.
 */
final class RecentSends {

    private static final Logger LOG = Logger.getLogger(RecentSends.class);

    private static final class Remembered {
        final String key;
        final long expiresAt;
        volatile ChatFanout.Result result;

        Remembered(String key, ChatFanout.Result result, long expiresAt) {
            this.key = key;
            this.result = result;
            this.expiresAt = expiresAt;
        }
    }

    private final Map<String, Remembered> byKey = new ConcurrentHashMap<>();
    private final ArrayDeque<Remembered> byAge = new ArrayDeque<>();
    private final long windowMillis;
    private final int maxKeys;
    private long forgottenEarly;

    RecentSends(long windowMillis, int maxKeys) {
        if (maxKeys < 1) {
            throw new IllegalArgumentException("parley.pipeline.dedup-max-keys must be at least 1, got " + maxKeys);
        }
        this.windowMillis = windowMillis;
        this.maxKeys = maxKeys;
    }

    /** The outcome remembered for this key, or null when there is none within the window. */
    ChatFanout.Result lookup(String key, long now) {
        forgetExpired(now);
        Remembered remembered = byKey.get(key);
        return remembered != null && remembered.expiresAt > now ? remembered.result : null;
    }

    /**
     * Remembers the key's outcome. A key remembered within its window keeps that window (it runs from the
     * send) and takes the new outcome; otherwise its window starts now.
     */
    void remember(String key, ChatFanout.Result result, long now) {
        forgetExpired(now);
        Remembered fresh = new Remembered(key, result, now + windowMillis);
        Remembered current = byKey.merge(key, fresh, (old, ignored) -> {
            if (old.expiresAt <= now) {
                return fresh; // expired, still queued behind a younger key (clocks of two threads)
            }
            old.result = result;
            return old;
        });
        if (current == fresh) {
            synchronized (byAge) {
                byAge.addLast(fresh);
                while (byKey.size() > maxKeys && !byAge.isEmpty()) {
                    if (forget(byAge.pollFirst()) && forgottenEarly++ == 0) {
                        LOG.warnf("%d resend keys remembered (parley.pipeline.dedup-max-keys): the oldest are now "
                                + "forgotten before parley.pipeline.dedup-window ends; a resend of one of them is "
                                + "delivered again (counted in parley_chat_dedup_forgotten_early_total)", maxKeys);
                    }
                }
            }
        }
    }

    /** Forgets the key at once (its send failed: a resend must be tried again). */
    void forget(String key) {
        byKey.remove(key);
    }

    /** Keys remembered now. */
    int size() {
        return byKey.size();
    }

    /** Keys forgotten before their window ended because {@code maxKeys} were remembered. */
    long forgottenEarly() {
        synchronized (byAge) {
            return forgottenEarly;
        }
    }

    private void forgetExpired(long now) {
        synchronized (byAge) {
            Remembered oldest;
            while ((oldest = byAge.peekFirst()) != null && oldest.expiresAt <= now) {
                forget(byAge.pollFirst());
            }
        }
    }

    private boolean forget(Remembered remembered) {
        // Only this very entry: a key forgotten and remembered again has a new entry and place in the queue.
        return byKey.remove(remembered.key, remembered);
    }
}
