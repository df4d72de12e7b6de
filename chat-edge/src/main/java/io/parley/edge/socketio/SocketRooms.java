package io.parley.edge.socketio;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * The rooms one socket has joined (besides its own): an array while there are few (most sockets
 * are in a handful: their user's room and the groups they chat in), a hash set beyond
 * {@value #ARRAY_LIMIT}. An empty or one-room socket costs a few bytes instead of a HashSet's
 * 130. Not thread-safe: {@link Socket} guards it.
 */
final class SocketRooms {

    static final int ARRAY_LIMIT = 8;
    private static final String[] NONE = new String[0];

    private String[] few = NONE;
    private int count;
    /** Every room once there are more than {@link #ARRAY_LIMIT}; null before. */
    private Set<String> many;

    boolean contains(String room) {
        if (many != null) {
            return many.contains(room);
        }
        return indexOf(room) >= 0;
    }

    /** Adds the room; false when it was there already. */
    boolean add(String room) {
        if (many != null) {
            return many.add(room);
        }
        if (indexOf(room) >= 0) {
            return false;
        }
        if (count == ARRAY_LIMIT) {
            many = new HashSet<>(Arrays.asList(few).subList(0, count));
            few = NONE;
            count = 0;
            return many.add(room);
        }
        if (count == few.length) {
            few = Arrays.copyOf(few, Math.min(ARRAY_LIMIT, Math.max(2, count * 2)));
        }
        few[count++] = room;
        return true;
    }

    /** Removes the room; false when it was not there. */
    boolean remove(String room) {
        if (many != null) {
            return many.remove(room);
        }
        int i = indexOf(room);
        if (i < 0) {
            return false;
        }
        few[i] = few[--count];
        few[count] = null;
        if (count == 0) {
            few = NONE;
        }
        return true;
    }

    int size() {
        return many != null ? many.size() : count;
    }

    /** The rooms, plus {@code extra} when not null, as an unmodifiable set. */
    Set<String> copy(String extra) {
        boolean addExtra = extra != null && !contains(extra);
        int size = size() + (addExtra ? 1 : 0);
        String[] all = many != null ? many.toArray(new String[size]) : Arrays.copyOf(few, size);
        if (addExtra) {
            all[size - 1] = extra;
        }
        return Set.of(all);
    }

    private int indexOf(String room) {
        for (int i = 0; i < count; i++) {
            if (few[i].equals(room)) {
                return i;
            }
        }
        return -1;
    }
}
