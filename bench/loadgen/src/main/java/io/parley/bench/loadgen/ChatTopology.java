package io.parley.bench.loadgen;

import java.util.ArrayList;
import java.util.List;

/**
 * Who is in which room and who publishes. Client {@code c} joins room {@code c % rooms}; the publishers are
 * clients {@code 0 .. publishers-1}, and publisher {@code p} sends to its own room. With 1000 clients, 100
 * rooms and 100 publishers every room has 10 members, one of which publishes.
 */
public final class ChatTopology {

    private final int clients;
    private final int rooms;
    private final int publishers;
    private final int[] roomSize;
    private final int[][] publishersOfRoom;
    private final int[] slotInRoom;

    public ChatTopology(int clients, int rooms, int publishers) {
        if (clients < 1 || rooms < 1 || rooms > clients) {
            throw new IllegalArgumentException("need 1 <= rooms <= clients, got rooms=" + rooms + " clients=" + clients);
        }
        if (publishers < 0 || publishers > clients) {
            throw new IllegalArgumentException("need 0 <= publishers <= clients, got " + publishers);
        }
        this.clients = clients;
        this.rooms = rooms;
        this.publishers = publishers;
        this.roomSize = new int[rooms];
        for (int c = 0; c < clients; c++) {
            roomSize[roomOf(c)]++;
        }
        List<List<Integer>> perRoom = new ArrayList<>();
        for (int r = 0; r < rooms; r++) {
            perRoom.add(new ArrayList<>());
        }
        this.slotInRoom = new int[publishers];
        for (int p = 0; p < publishers; p++) {
            List<Integer> list = perRoom.get(roomOf(p));
            slotInRoom[p] = list.size();
            list.add(p);
        }
        this.publishersOfRoom = new int[rooms][];
        for (int r = 0; r < rooms; r++) {
            publishersOfRoom[r] = perRoom.get(r).stream().mapToInt(Integer::intValue).toArray();
        }
    }

    public int clients() {
        return clients;
    }

    public int rooms() {
        return rooms;
    }

    public int publishers() {
        return publishers;
    }

    public int roomOf(int client) {
        return client % rooms;
    }

    public static String roomId(int room) {
        return "r" + room;
    }

    public static String userId(int client) {
        return "u" + client;
    }

    public boolean isPublisher(int client) {
        return client < publishers;
    }

    public int roomSize(int room) {
        return roomSize[room];
    }

    /** Deliveries one message of this publisher should produce (every member of its room, itself included). */
    public int fanOut(int publisher) {
        return roomSize[roomOf(publisher)];
    }

    public int[] publishersOfRoom(int room) {
        return publishersOfRoom[room];
    }

    /** Index of the publisher among the publishers of its room. */
    public int slotInRoom(int publisher) {
        return slotInRoom[publisher];
    }
}
