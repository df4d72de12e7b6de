package io.parley.edge.chat;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.ConfigProvider;

import io.parley.edge.cluster.ClusterNode;
import io.parley.edge.cluster.RedisChatFanout;
import io.parley.edge.config.ClusterConfig;
import io.parley.edge.config.PipelineConfig;

/** Redis-sequenced fan-out in a cluster, in-memory numbering on a lone node. */
@ApplicationScoped
public class ChatFanoutProducer {

    /** A singleton: every send calls it, and a singleton is injected as itself, not through a client proxy. */
    @Produces
    @Singleton
    ChatFanout fanout(ClusterNode node, ClusterConfig config, PipelineConfig pipeline) {
        // a batch spans rooms, so hash slots: Redis Cluster takes one script call per send
        boolean batching = config.sendBatching() && !"cluster".equalsIgnoreCase(ConfigProvider.getConfig()
                .getOptionalValue("quarkus.redis.client-type", String.class).orElse("standalone"));
        return node.enabled() ? new RedisChatFanout(node, config.sendTimeout(), pipeline.dedupWindow(),
                config.replaySize(), config.replayTtl(), batching, config.sendMaxPending(), config.sendMaxBatch())
                : new LocalChatFanout(pipeline.dedupWindow(), pipeline.dedupMaxKeys());
    }
}
