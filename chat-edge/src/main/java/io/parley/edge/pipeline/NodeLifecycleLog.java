package io.parley.edge.pipeline;

import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.parley.edge.cluster.ClusterNode;
import io.parley.edge.config.PipelineConfig;
import io.parley.events.SystemLogEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/** Announces this node's start and stop on {@code system-logs}. */
@ApplicationScoped
public class NodeLifecycleLog {

    private final ChatEventPublisher publisher;
    private final ClusterNode node;
    private final boolean enabled;

    public NodeLifecycleLog(ChatEventPublisher publisher, ClusterNode node, PipelineConfig config) {
        this.publisher = publisher;
        this.node = node;
        this.enabled = config.enabled();
    }

    void started(@Observes StartupEvent event) {
        log(SystemLogEvent.Kind.NODE_STARTED, "chat-edge node started");
    }

    void stopped(@Observes ShutdownEvent event) {
        log(SystemLogEvent.Kind.NODE_STOPPED, "chat-edge node stopping");
    }

    /** A security event (refused token, refused join, rate-limit hit): never tokens or message bodies. */
    public void security(String message, Map<String, String> attributes) {
        if (enabled) {
            publisher.publish(SystemLogEvent.of(UUID.randomUUID().toString(), node.nodeId(), "WARN",
                    SystemLogEvent.Kind.SECURITY, message, System.currentTimeMillis(), attributes));
        }
    }

    private void log(SystemLogEvent.Kind kind, String message) {
        if (enabled) {
            publisher.publish(SystemLogEvent.of(UUID.randomUUID().toString(), node.nodeId(), "INFO", kind, message,
                    System.currentTimeMillis(), Map.of()));
        }
    }
}
