package io.parley.edge.socketio;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.parley.edge.engineio.OutboundFrame;

/**
 * In-memory rooms of one namespace: room -> sockets. A broadcast is encoded once by the caller; the
 * same frames are written to every recipient.
 */
public class LocalAdapter implements Adapter {

    private final Namespace namespace;
    private final Map<String, Set<Socket>> rooms = new ConcurrentHashMap<>();

    public LocalAdapter(Namespace namespace) {
        this.namespace = namespace;
    }

    @Override
    public void addAll(Socket socket, Collection<String> names) {
        for (String room : names) {
            if (socket.addRoom(room)) {
                rooms.computeIfAbsent(room, r -> ConcurrentHashMap.newKeySet()).add(socket);
            }
        }
    }

    @Override
    public void del(Socket socket, String room) {
        if (socket.removeRoom(room)) {
            rooms.computeIfPresent(room, (r, members) -> {
                members.remove(socket);
                return members.isEmpty() ? null : members;
            });
        }
    }

    @Override
    public void delAll(Socket socket) {
        for (String room : socket.rooms()) {
            del(socket, room);
        }
    }

    @Override
    public int broadcast(EncodedPacket packet, Set<String> targetRooms, Set<String> except, boolean volatileEmit) {
        List<OutboundFrame> frames = packet.frames();
        Set<Socket> excluded = except.isEmpty() ? Set.of() : socketsIn(except);
        int sent = 0;
        if (targetRooms.isEmpty()) {
            for (Socket socket : namespace.sockets()) {
                sent += deliver(socket, frames, excluded, volatileEmit);
            }
        } else if (targetRooms.size() == 1) {
            Set<Socket> members = rooms.get(targetRooms.iterator().next());
            if (members != null) {
                for (Socket socket : members) {
                    sent += deliver(socket, frames, excluded, volatileEmit);
                }
            }
        } else {
            for (Socket socket : socketsIn(targetRooms)) {
                sent += deliver(socket, frames, excluded, volatileEmit);
            }
        }
        return sent;
    }

    private static int deliver(Socket socket, List<OutboundFrame> frames, Set<Socket> excluded, boolean volatileEmit) {
        if (excluded.contains(socket)) {
            return 0;
        }
        if (volatileEmit) {
            return socket.client().session().sendVolatile(frames) ? 1 : 0;
        }
        socket.client().session().send(frames);
        return 1;
    }

    private Set<Socket> socketsIn(Set<String> names) {
        Set<Socket> result = new HashSet<>();
        for (String room : names) {
            Set<Socket> members = rooms.get(room);
            if (members != null) {
                result.addAll(members);
            }
        }
        return result;
    }

    @Override
    public Set<String> socketIds(Set<String> names) {
        Set<String> ids = new HashSet<>();
        if (names.isEmpty()) {
            namespace.sockets().forEach(s -> ids.add(s.id()));
        } else {
            socketsIn(names).forEach(s -> ids.add(s.id()));
        }
        return ids;
    }

    @Override
    public int roomSize(String room) {
        Set<Socket> members = rooms.get(room);
        return members == null ? 0 : members.size();
    }
}
