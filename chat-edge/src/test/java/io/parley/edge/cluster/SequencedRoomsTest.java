package io.parley.edge.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.parley.edge.cluster.SequencedRooms.RoomRef;
import io.parley.edge.socketio.BroadcastOptions;
import io.parley.edge.socketio.SocketIoPacket;
import io.parley.edge.socketio.SocketIoPacketType;

class SequencedRoomsTest {

    private static final RoomRef ROOM = new RoomRef("/", "r1");

    private final SequencedRooms rooms = new SequencedRooms();
    private final List<String> delivered = new ArrayList<>();

    @Test
    void steadyStateDeliversEveryMessageInArrivalOrder() {
        rooms.subscribed(ROOM, 4);
        offer(chat("r1", 5), chat("r1", 6), chat("r1", 7));
        assertEquals(List.of("r1#5", "r1#6", "r1#7"), delivered);
        assertEquals(Map.of(ROOM, 7L), rooms.positions());
    }

    @Test
    void whileSuspendedMessagesAreHeldThenDeliveredAfterTheReplayWithoutDuplicates() {
        rooms.subscribed(ROOM, 0);
        offer(chat("r1", 1), chat("r1", 2));
        rooms.suspend();
        // after the resubscription, live messages 5 and 6 arrive before the replay answer
        offer(chat("r1", 5), chat("r1", 6));
        assertEquals(List.of("r1#1", "r1#2"), delivered, "held while catching up");
        assertTrue(rooms.suspended());

        // the replay log from 2 on: 2 (delivered before), 3..5 (5 was also held)
        rooms.resume(Map.of(ROOM, 5L), List.of(chat("r1", 2), chat("r1", 3), chat("r1", 4), chat("r1", 5)),
                delivered());

        assertEquals(List.of("r1#1", "r1#2", "r1#3", "r1#4", "r1#5", "r1#6"), delivered);
        assertFalse(rooms.suspended());
        assertEquals(2, rooms.duplicatesDropped());
        assertEquals(3, rooms.replayedDelivered());
    }

    @Test
    void aSequenceLowerThanTheLastDeliveredMeansRedisLostItAndNumberingStartsOver() {
        rooms.subscribed(ROOM, 0);
        offer(chat("r1", 1, 100), chat("r1", 2, 200), chat("r1", 3, 300));
        rooms.suspend();
        // Redis restarted empty: new messages numbered 1 and 2; 2 arrives live after resubscribing
        offer(chat("r1", 2, 500, "n2"));
        rooms.resume(Map.of(ROOM, 2L), List.of(chat("r1", 1, 400, "n1"), chat("r1", 2, 500, "n2")), delivered());
        offer(chat("r1", 3, 600, "n3"));
        assertEquals(List.of("r1#1", "r1#2", "r1#3", "r1#1", "r1#2", "r1#3"), delivered);
    }

    @Test
    void afterAFailoverToALaggingReplicaOnlyTheMessagesSentSinceTheLastDeliveredOneAreReplayed() {
        rooms.subscribed(ROOM, 0);
        offer(chat("r1", 1, 100), chat("r1", 2, 200), chat("r1", 3, 300));
        rooms.suspend();
        // the promoted replica had 1 and 2 only; 3 was lost with the old master, 3 is given anew
        rooms.resume(Map.of(ROOM, 3L), List.of(chat("r1", 3, 700, "m3-new")), delivered());
        assertEquals(List.of("r1#1", "r1#2", "r1#3", "r1#3"), delivered);
    }

    @Test
    void untrackedRoomsAndUnsequencedBroadcastsAreNeverHeld() {
        rooms.suspend();
        rooms.offer(chat("elsewhere", 9), null, delivered());
        rooms.offer(plain("r1"), ROOM, delivered());
        assertEquals(List.of("elsewhere#9", "r1#0"), delivered);
    }

    @Test
    void replayedMessagesOfRoomsNoLongerLocalAreNotDelivered() {
        rooms.subscribed(ROOM, 0);
        rooms.suspend();
        rooms.unsubscribed(ROOM);
        rooms.resume(Map.of(), List.of(chat("r1", 1)), delivered());
        assertEquals(List.of(), delivered);
        assertEquals(Map.of(), rooms.positions());
    }

    @Test
    void aRoomWhoseSequenceWasNotReadYetIsTrackedFromItsFirstMessage() {
        offer(chat("r1", 41));
        assertEquals(Map.of(ROOM, 41L), rooms.positions());
        rooms.subscribed(ROOM, 40);
        assertEquals(Map.of(ROOM, 41L), rooms.positions(), "a late read never moves backwards");
    }

    private void offer(BroadcastMessage... messages) {
        for (BroadcastMessage message : messages) {
            rooms.offer(message, SequencedRooms.roomOf(message), delivered());
        }
    }

    private java.util.function.Consumer<BroadcastMessage> delivered() {
        return message -> delivered.add(message.options().rooms().iterator().next() + "#"
                + message.packet().data().path(1).path("seq").asLong(0));
    }

    private static BroadcastMessage chat(String room, long seq) {
        return chat(room, seq, seq * 10);
    }

    private static BroadcastMessage chat(String room, long seq, long ts) {
        return chat(room, seq, ts, "m" + seq);
    }

    private static BroadcastMessage chat(String room, long seq, long ts, String id) {
        ArrayNode data = JsonNodeFactory.instance.arrayNode();
        data.add("message:new");
        ObjectNode message = data.addObject();
        message.put("id", id);
        message.put("seq", seq);
        message.put("ts", ts);
        return new BroadcastMessage("node-a", new SocketIoPacket(SocketIoPacketType.EVENT, "/", -1, data),
                new BroadcastOptions(Set.of(room), Set.of(), false, true), true);
    }

    private static BroadcastMessage plain(String room) {
        ArrayNode data = JsonNodeFactory.instance.arrayNode();
        data.add("notice");
        return new BroadcastMessage("node-a", new SocketIoPacket(SocketIoPacketType.EVENT, "/", -1, data),
                new BroadcastOptions(Set.of(room), Set.of(), false, true), false);
    }
}
