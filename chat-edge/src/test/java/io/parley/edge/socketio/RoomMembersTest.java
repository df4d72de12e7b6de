package io.parley.edge.socketio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.parley.edge.socketio.LocalAdapter.RoomMembers;

/** A room of one keeps its socket itself; a second member makes a set; back to one, the socket again. */
class RoomMembersTest {

    private final Socket alice = new Socket("alice", null, null, null);
    private final Socket bob = new Socket("bob", null, null, null);
    private final Socket carol = new Socket("carol", null, null, null);

    @Test
    void aRoomOfOneIsItsMember() {
        Object room = RoomMembers.with(null, alice);
        assertSame(alice, room);
        assertSame(alice, RoomMembers.with(room, alice), "joining twice changes nothing");
        assertEquals(1, RoomMembers.size(room));
        assertNull(RoomMembers.without(room, alice));
        assertSame(alice, RoomMembers.without(room, bob), "a non-member leaving changes nothing");
        assertEquals(0, RoomMembers.size(null));
    }

    @Test
    void aSecondMemberMakesASetAndTheLastButOneLeavingUndoesIt() {
        Object room = RoomMembers.with(RoomMembers.with(null, alice), bob);
        assertTrue(room instanceof Set<?>, "two members are kept in a set");
        assertEquals(Set.of(alice, bob), RoomMembers.set(room));
        room = RoomMembers.with(room, carol);
        assertEquals(3, RoomMembers.size(room));
        Set<Socket> seen = new HashSet<>();
        RoomMembers.addTo(room, seen);
        assertEquals(Set.of(alice, bob, carol), seen);

        Object set = room;
        room = RoomMembers.without(room, alice);
        assertSame(set, room, "two left: still the set");
        room = RoomMembers.without(room, carol);
        assertSame(bob, room, "one left: the socket itself");
        assertEquals(Set.of(bob), RoomMembers.set(set), "a broadcast still iterating the old set sees who is left");
        seen.clear();
        RoomMembers.addTo(room, seen);
        assertEquals(Set.of(bob), seen);
        assertNull(RoomMembers.without(room, bob));
    }
}
