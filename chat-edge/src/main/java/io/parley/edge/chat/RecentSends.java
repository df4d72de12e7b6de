package io.parley.edge.chat;

import java.util.UUID;

import org.jboss.logging.Logger;

/**
 * The outcome of each send with a {@code clientMsgId}, remembered for the dedup window so that a resend
 * gets the original's answer: the single-node counterpart of the Redis dedup keys and their TTL.
 *
 * <p>Entries live in primitive arrays, not in objects: at ten thousand sends a second every entry would
 * otherwise outlive several young collections and be copied by each (they were most of what the young
 * pauses copied). Each key is kept as its {@link KeyFingerprint} and the message id as the two longs of its
 * UUID, in a ring ordered by first remembrance, found through an open-addressing index. Each call first
 * forgets the keys whose window has passed, so memory is bounded by sends per second times the window
 * (72 bytes a key). Beyond {@code maxKeys} the oldest keys are forgotten early, so that a burst
 * cannot exhaust the heap; {@link #forgottenEarly()} counts them (a resend of one of those is delivered
 * again). Safe for any thread: every call holds this object's lock for a few hundred nanoseconds.
 */
final class RecentSends {

    private static final Logger LOG = Logger.getLogger(RecentSends.class);

    /** The largest {@code maxKeys}: the ring grows to at most four times it, and its array must stay indexable. */
    static final int MAX_KEYS_LIMIT = 1 << 24;

    // One ring slot: eight longs.
    private static final int FINGERPRINT_HIGH = 0;
    private static final int FINGERPRINT_LOW = 1;
    private static final int ID_HIGH = 2;
    private static final int ID_LOW = 3;
    private static final int SEQ = 4;
    private static final int TS = 5;
    private static final int EXPIRES_AT = 6;
    private static final int STATE = 7;
    private static final int SLOT = 8;

    /** STATE of a slot whose key was forgotten (or never written): 0. Otherwise 1 + the status's ordinal. */
    private static final long FORGOTTEN = 0;
    /** Set in STATE when the id is not a canonical UUID and sits in {@link #oddIds}. */
    private static final long ODD_ID = 1L << 8;
    /** STATE of a key {@link #claim claimed} for a send whose outcome is not remembered yet. */
    private static final long CLAIMED = 1L << 9 | (1 + ChatFanout.Status.IN_FLIGHT.ordinal());
    private static final ChatFanout.Result CLAIMED_RESULT = new ChatFanout.Result(ChatFanout.Status.IN_FLIGHT, null, 0, 0);
    private static final ChatFanout.Status[] STATUSES = ChatFanout.Status.values();
    private static final int INITIAL_CAPACITY = 1024;

    private final long windowMillis;
    private final int maxKeys;
    private final KeyFingerprint fingerprint;

    /** The ring: {@code capacity} slots, the oldest at {@code head}, {@code used} of them in order from it. */
    private long[] slots;
    /** Ids that are not canonical UUIDs, by ring position; null until the first such id. */
    private String[] oddIds;
    /** Open addressing with linear probing: ring position + 1 of each remembered key, 0 for empty. */
    private int[] index;
    private int capacity;
    private int head;
    private int used;
    private int remembered;
    private long forgottenEarly;

    RecentSends(long windowMillis, int maxKeys) {
        this(windowMillis, maxKeys, new KeyFingerprint());
    }

    RecentSends(long windowMillis, int maxKeys, KeyFingerprint fingerprint) {
        if (maxKeys < 1 || maxKeys > MAX_KEYS_LIMIT) {
            throw new IllegalArgumentException("parley.pipeline.dedup-max-keys must be between 1 and "
                    + MAX_KEYS_LIMIT + ", got " + maxKeys);
        }
        this.windowMillis = windowMillis;
        this.maxKeys = maxKeys;
        this.fingerprint = fingerprint;
        allocate(INITIAL_CAPACITY);
    }

    /** The outcome remembered for this key, or null when there is none within the window. */
    synchronized ChatFanout.Result lookup(String key, long now) {
        forgetExpired(now);
        int position = find(key);
        return position >= 0 && slots[position * SLOT + EXPIRES_AT] > now ? resultAt(position) : null;
    }

    /**
     * The outcome remembered for this key, as {@link #lookup}; when there is none, claims the key for the
     * caller's send in the same step, so that a concurrent send of the same key finds it
     * {@link ChatFanout.Status#IN_FLIGHT} instead of being delivered too. The caller then
     * {@link #remember remembers} the send's outcome, or {@link #forget forgets} the key if it failed.
     */
    synchronized ChatFanout.Result claim(String key, long now) {
        forgetExpired(now);
        int position = find(key);
        if (position >= 0 && slots[position * SLOT + EXPIRES_AT] > now) {
            return resultAt(position);
        }
        position = append(position, now);
        slots[position * SLOT + STATE] = CLAIMED;
        insertAndEnforceCap(position);
        return null;
    }

    /**
     * Remembers the key's outcome. A key remembered (or claimed) within its window keeps that window (it runs
     * from the send) and takes the new outcome; otherwise its window starts now.
     */
    synchronized void remember(String key, ChatFanout.Result result, long now) {
        forgetExpired(now);
        int position = find(key);
        if (position >= 0 && slots[position * SLOT + EXPIRES_AT] > now) {
            write(position, result);
            return;
        }
        position = append(position, now);
        write(position, result);
        insertAndEnforceCap(position);
    }

    /**
     * A new slot at the ring's tail holding the fingerprint {@link #find} left and its window from now; an
     * expired slot of the same key ({@code found}, still queued behind a younger key: clocks of two threads)
     * is forgotten first.
     */
    private int append(int found, long now) {
        if (found >= 0) {
            forgetAt(found);
        }
        if (used == capacity) {
            // Forgotten slots wait in the ring until they reach its head; at least half forgotten: squeeze
            // them out, otherwise grow. Both copy the ring, so each happens after capacity/2 appends at most.
            allocate(2 * remembered <= capacity ? capacity : capacity * 2);
        }
        int position = (head + used) & (capacity - 1);
        used++;
        remembered++;
        int base = position * SLOT;
        slots[base + FINGERPRINT_HIGH] = fingerprint.high();
        slots[base + FINGERPRINT_LOW] = fingerprint.low();
        slots[base + EXPIRES_AT] = now + windowMillis;
        return position;
    }

    private void insertAndEnforceCap(int position) {
        insert(position);
        while (remembered > maxKeys) {
            if (forgetOldest() && forgottenEarly++ == 0) {
                LOG.warnf("%d resend keys remembered (parley.pipeline.dedup-max-keys): the oldest are now "
                        + "forgotten before parley.pipeline.dedup-window ends; a resend of one of them is "
                        + "delivered again (counted in parley_chat_dedup_forgotten_early_total)", maxKeys);
            }
        }
    }

    /** Forgets the key at once (its send failed: a resend must be tried again). */
    synchronized void forget(String key) {
        int position = find(key);
        if (position >= 0) {
            forgetAt(position);
        }
    }

    /** Keys remembered now. */
    synchronized int size() {
        return remembered;
    }

    /** Keys forgotten before their window ended because {@code maxKeys} were remembered. */
    synchronized long forgottenEarly() {
        return forgottenEarly;
    }

    /** Ring slots allocated now (about 72 bytes each, with the index): what the keys cost in memory. */
    synchronized int slotsAllocated() {
        return capacity;
    }

    private void forgetExpired(long now) {
        while (used > 0) {
            int base = head * SLOT;
            if (slots[base + STATE] != FORGOTTEN && slots[base + EXPIRES_AT] > now) {
                return;
            }
            forgetOldest();
        }
    }

    /** Takes the ring's head out; true when its key was still remembered. */
    private boolean forgetOldest() {
        boolean wasRemembered = slots[head * SLOT + STATE] != FORGOTTEN;
        if (wasRemembered) {
            forgetAt(head);
        }
        head = (head + 1) & (capacity - 1);
        used--;
        return wasRemembered;
    }

    private void forgetAt(int position) {
        remove(position);
        slots[position * SLOT + STATE] = FORGOTTEN;
        if (oddIds != null) {
            oddIds[position] = null;
        }
        remembered--;
    }

    private void write(int position, ChatFanout.Result result) {
        int base = position * SLOT;
        long state = 1 + result.status().ordinal();
        String id = result.id();
        if (isCanonicalUuid(id)) {
            UUID uuid = UUID.fromString(id);
            slots[base + ID_HIGH] = uuid.getMostSignificantBits();
            slots[base + ID_LOW] = uuid.getLeastSignificantBits();
            if (oddIds != null) {
                oddIds[position] = null;
            }
        } else {
            if (oddIds == null) {
                oddIds = new String[capacity];
            }
            oddIds[position] = id;
            state |= ODD_ID;
        }
        slots[base + SEQ] = result.seq();
        slots[base + TS] = result.ts();
        slots[base + STATE] = state;
    }

    private ChatFanout.Result resultAt(int position) {
        int base = position * SLOT;
        long state = slots[base + STATE];
        if (state == CLAIMED) {
            return CLAIMED_RESULT;
        }
        String id = (state & ODD_ID) != 0 ? oddIds[position]
                : new UUID(slots[base + ID_HIGH], slots[base + ID_LOW]).toString();
        return new ChatFanout.Result(STATUSES[(int) (state & 0xff) - 1], id, slots[base + SEQ], slots[base + TS]);
    }

    /** Ring position of the key, or -1; leaves the key's fingerprint in {@link #fingerprint}. */
    private int find(String key) {
        fingerprint.of(key);
        long high = fingerprint.high();
        long low = fingerprint.low();
        int mask = index.length - 1;
        for (int i = home(low); ; i = (i + 1) & mask) {
            int entry = index[i];
            if (entry == 0) {
                return -1;
            }
            int base = (entry - 1) * SLOT;
            if (slots[base + FINGERPRINT_LOW] == low && slots[base + FINGERPRINT_HIGH] == high) {
                return entry - 1;
            }
        }
    }

    private void insert(int position) {
        int mask = index.length - 1;
        int i = home(slots[position * SLOT + FINGERPRINT_LOW]);
        while (index[i] != 0) {
            i = (i + 1) & mask;
        }
        index[i] = position + 1;
    }

    /** Removes the position from the index, shifting back the entries probed past it (no tombstones). */
    private void remove(int position) {
        int mask = index.length - 1;
        int hole = home(slots[position * SLOT + FINGERPRINT_LOW]);
        while (index[hole] != position + 1) {
            hole = (hole + 1) & mask;
        }
        for (int i = (hole + 1) & mask; index[i] != 0; i = (i + 1) & mask) {
            int wanted = home(slots[(index[i] - 1) * SLOT + FINGERPRINT_LOW]);
            // The entry at i may move to the hole unless its home lies cyclically in (hole, i].
            boolean homeAfterHole = hole <= i ? wanted > hole && wanted <= i : wanted > hole || wanted <= i;
            if (!homeAfterHole) {
                index[hole] = index[i];
                hole = i;
            }
        }
        index[hole] = 0;
    }

    private int home(long fingerprintLow) {
        return (int) (fingerprintLow ^ (fingerprintLow >>> 32)) & (index.length - 1);
    }

    /** A ring of the given capacity holding the remembered keys in order, and its index. */
    private void allocate(int newCapacity) {
        long[] oldSlots = slots;
        String[] oldOddIds = oddIds;
        int oldCapacity = capacity;
        slots = new long[newCapacity * SLOT];
        oddIds = oldOddIds == null ? null : new String[newCapacity];
        index = new int[newCapacity * 2];
        capacity = newCapacity;
        int kept = 0;
        for (int i = 0; i < used; i++) {
            int from = (head + i) & (oldCapacity - 1);
            if (oldSlots[from * SLOT + STATE] != FORGOTTEN) {
                System.arraycopy(oldSlots, from * SLOT, slots, kept * SLOT, SLOT);
                if (oldOddIds != null) {
                    oddIds[kept] = oldOddIds[from];
                }
                insert(kept);
                kept++;
            }
        }
        head = 0;
        used = kept;
    }

    private static boolean isCanonicalUuid(String id) {
        if (id == null || id.length() != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = id.charAt(i);
            boolean ok = i == 8 || i == 13 || i == 18 || i == 23 ? c == '-' : c >= '0' && c <= '9' || c >= 'a' && c <= 'f';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
