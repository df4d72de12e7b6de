package io.parley.edge.chat;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import io.parley.edge.cluster.ClusterNode;
import io.parley.edge.cluster.RedisChatFanout;
import io.parley.edge.config.ClusterConfig;

/** Redis-sequenced fan-out in a cluster, in-memory numbering on a lone node. */
@ApplicationScoped
public class ChatFanoutProducer {

    @Produces
    @ApplicationScoped
    ChatFanout fanout(ClusterNode node, ClusterConfig config) {
        return node.enabled() ? new RedisChatFanout(node, config.sendTimeout()) : new LocalChatFanout();
    }
}
