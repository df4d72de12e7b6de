package io.parley.edge.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.parley.edge.cluster.ClusterNode;

/**
 * Not ready while the Redis subscriber connection is down: the node keeps its sockets and serves
 * them locally, but the load balancer should send new clients to nodes that can reach the cluster.
 */
@Readiness
@ApplicationScoped
public class ClusterReadinessCheck implements HealthCheck {

    private final ClusterNode cluster;

    public ClusterReadinessCheck(ClusterNode cluster) {
        this.cluster = cluster;
    }

    @Override
    public HealthCheckResponse call() {
        if (!cluster.enabled()) {
            return HealthCheckResponse.named("cluster").up().withData("mode", "single node").build();
        }
        boolean connected = cluster.broker().connected();
        return HealthCheckResponse.named("cluster").status(connected).withData("node", cluster.nodeId())
                .withData("redisSubscriber", connected ? "connected" : "reconnecting")
                .withData("channels", cluster.broker().subscribedChannels()).build();
    }
}
