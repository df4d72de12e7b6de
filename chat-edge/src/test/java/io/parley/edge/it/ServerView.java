package io.parley.edge.it;

import java.util.Optional;

import io.parley.edge.engineio.EngineIoSession;
import io.parley.edge.socketio.Socket;
import io.parley.edge.transport.EdgeServers;

/** What the server knows about a client, for assertions. */
final class ServerView {

    private ServerView() {
    }

    static Optional<Socket> socket(EdgeServers servers, String namespace, String socketId) {
        return Optional.ofNullable(servers.socketIo().of(namespace).socket(socketId));
    }

    static Optional<EngineIoSession> session(EdgeServers servers, String sid) {
        return servers.socketIoEngine().sessions().stream().filter(s -> s.id().equals(sid)).findFirst();
    }

    /** The transport the server has for the session of a main-namespace socket. */
    static String transportOf(EdgeServers servers, String socketId) {
        Socket socket = socket(servers, "/", socketId).orElseThrow(() -> new AssertionError("no socket " + socketId));
        return session(servers, socket.sessionId()).orElseThrow().transportName();
    }
}
