package io.parley.edge.socketio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** A socket's rooms behave as a set, in the array and past it. */
class SocketRoomsTest {

    @Test
    void addContainsRemoveLikeASet() {
        SocketRooms rooms = new SocketRooms();
        assertEquals(0, rooms.size());
        assertFalse(rooms.contains("a"));
        assertTrue(rooms.add("a"));
        assertFalse(rooms.add("a"), "already there");
        assertTrue(rooms.contains("a"));
        assertTrue(rooms.add("b"));
        assertEquals(Set.of("a", "b", "own"), rooms.copy("own"));
        assertEquals(Set.of("a", "b"), rooms.copy(null));
        assertEquals(Set.of("a", "b"), rooms.copy("b"), "an extra room already there is listed once");
        assertTrue(rooms.remove("a"));
        assertFalse(rooms.remove("a"), "gone already");
        assertFalse(rooms.contains("a"));
        assertTrue(rooms.contains("b"));
        assertTrue(rooms.remove("b"));
        assertEquals(0, rooms.size());
        assertEquals(Set.of(), rooms.copy(null));
    }

    @Test
    void agreesWithAHashSetThroughManyRandomChangesAcrossTheArrayLimit() {
        Random random = new Random(42);
        SocketRooms rooms = new SocketRooms();
        Set<String> model = new HashSet<>();
        for (int step = 0; step < 20_000; step++) {
            String room = "r" + random.nextInt(3 * SocketRooms.ARRAY_LIMIT);
            if (random.nextInt(3) == 0) {
                assertEquals(model.remove(room), rooms.remove(room), "remove " + room + " at step " + step);
            } else {
                assertEquals(model.add(room), rooms.add(room), "add " + room + " at step " + step);
            }
            assertEquals(model.size(), rooms.size());
            assertEquals(model.contains(room), rooms.contains(room));
        }
        assertEquals(model, rooms.copy(null));
        Set<String> withOwn = new HashSet<>(model);
        withOwn.add("own");
        assertEquals(withOwn, rooms.copy("own"));
        for (int i = 0; i < 3 * SocketRooms.ARRAY_LIMIT; i++) {
            assertEquals(model.contains("r" + i), rooms.contains("r" + i), "r" + i);
        }
    }
}
