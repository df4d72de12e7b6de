package io.parley.edge.pipeline;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.parley.edge.config.PipelineConfig;
import io.parley.edge.socketio.Socket;
import io.parley.events.UserEvent;

/**
 * Writes what users do on this node to {@code user-events}: connected, disconnected, joined, left,
 * read. Fire and forget: never in the way of the chat path. Off with the pipeline.
 */
@ApplicationScoped
public class UserEventRecorder {

    private final ChatEventPublisher publisher;
    private final boolean enabled;

    public UserEventRecorder(ChatEventPublisher publisher, PipelineConfig config) {
        this.publisher = publisher;
        this.enabled = config.enabled();
    }

    public void connected(Socket socket) {
        record(UserEvent.Type.CONNECTED, socket, null, null);
    }

    public void disconnected(Socket socket) {
        record(UserEvent.Type.DISCONNECTED, socket, null, null);
    }

    public void joined(Socket socket, String roomId) {
        record(UserEvent.Type.JOINED, socket, roomId, null);
    }

    public void left(Socket socket, String roomId) {
        record(UserEvent.Type.LEFT, socket, roomId, null);
    }

    public void read(Socket socket, String roomId, long lastReadSeq) {
        record(UserEvent.Type.READ, socket, roomId, lastReadSeq);
    }

    private void record(UserEvent.Type type, Socket socket, String roomId, Long lastReadSeq) {
        String userId = socket.userId();
        if (!enabled || userId == null) {
            return;
        }
        publisher.publish(UserEvent.of(UUID.randomUUID().toString(), type, userId, roomId, socket.id(),
                socket.namespace().nodeId(), System.currentTimeMillis(), lastReadSeq));
    }
}
