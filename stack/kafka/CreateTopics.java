import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Tiny Kafka Admin tool for Parley's local stack (single-file program, run by stack/kafka.sh as
 * {@code java -cp <broker classpath> stack/kafka/CreateTopics.java ...}).
 *
 * <pre>
 *   CreateTopics [--bootstrap host:port] [--partitions N] [--replication R] topic...   create (idempotent)
 *   CreateTopics [--bootstrap host:port] --list                                        list topics
 * </pre>
 *
 * Existing topics are left alone, except that a topic with fewer partitions than asked for is
 * grown to that count (Kafka cannot shrink a topic; more partitions than asked is only reported).
 * Exit code 0 on success, 1 on any error.
 */
public class CreateTopics {

    public static void main(String[] args) throws Exception {
        String bootstrap = "127.0.0.1:9093";
        int partitions = 3;
        short replication = 1;
        boolean list = false;
        long timeoutMs = 30_000;
        List<String> topics = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--bootstrap" -> bootstrap = args[++i];
                case "--partitions" -> partitions = Integer.parseInt(args[++i]);
                case "--replication" -> replication = Short.parseShort(args[++i]);
                case "--timeout-ms" -> timeoutMs = Long.parseLong(args[++i]);
                case "--list" -> list = true;
                default -> topics.add(args[i]);
            }
        }
        if (!list && topics.isEmpty()) {
            System.err.println("usage: CreateTopics [--bootstrap h:p] [--partitions N] topic... | --list");
            System.exit(2);
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1, got " + partitions);
        }

        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "parley-stack-create-topics");
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeoutMs, Integer.MAX_VALUE));
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) Math.min(timeoutMs, Integer.MAX_VALUE));

        try (Admin admin = Admin.create(props)) {
            String clusterId = admin.describeCluster().clusterId().get(timeoutMs, TimeUnit.MILLISECONDS);
            if (list) {
                printTopics(admin, admin.listTopics().names().get(timeoutMs, TimeUnit.MILLISECONDS), timeoutMs);
                return;
            }
            Set<String> existing = admin.listTopics().names().get(timeoutMs, TimeUnit.MILLISECONDS);
            List<NewTopic> toCreate = new ArrayList<>();
            for (String t : topics) {
                if (!existing.contains(t)) {
                    toCreate.add(new NewTopic(t, partitions, replication));
                }
            }
            for (NewTopic nt : toCreate) {
                try {
                    admin.createTopics(List.of(nt)).all().get(timeoutMs, TimeUnit.MILLISECONDS);
                    System.out.println("created " + nt.name() + " (partitions=" + partitions + ")");
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            Map<String, TopicDescription> desc = describeWhenVisible(admin, topics, timeoutMs);
            Map<String, NewPartitions> grow = new HashMap<>();
            for (TopicDescription d : desc.values()) {
                int have = d.partitions().size();
                if (have < partitions) {
                    grow.put(d.name(), NewPartitions.increaseTo(partitions));
                } else if (have > partitions) {
                    System.out.println("note: " + d.name() + " has " + have + " partitions (more than "
                            + partitions + "; Kafka cannot shrink a topic)");
                }
            }
            if (!grow.isEmpty()) {
                admin.createPartitions(grow).all().get(timeoutMs, TimeUnit.MILLISECONDS);
                for (String t : grow.keySet()) {
                    System.out.println("grew " + t + " to " + partitions + " partitions");
                }
            }
            System.out.println("cluster " + clusterId + " at " + bootstrap + ":");
            printTopics(admin, Set.copyOf(topics), timeoutMs);
        }
    }

    private static void printTopics(Admin admin, Set<String> names, long timeoutMs) throws Exception {
        if (names.isEmpty()) {
            System.out.println("(no topics)");
            return;
        }
        Map<String, TopicDescription> desc =
                new TreeMap<>(admin.describeTopics(names).allTopicNames().get(timeoutMs, TimeUnit.MILLISECONDS));
        for (TopicDescription d : desc.values()) {
            System.out.println(d.name() + "\tpartitions=" + d.partitions().size()
                    + "\treplicas=" + d.partitions().get(0).replicas().size());
        }
    }

    /** New topics take a moment to show in the metadata: retry "unknown topic" for a bounded time. */
    private static Map<String, TopicDescription> describeWhenVisible(Admin admin, List<String> topics, long timeoutMs)
            throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (true) {
            try {
                return admin.describeTopics(topics).allTopicNames().get(timeoutMs, TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException)
                        || System.currentTimeMillis() > deadline) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }
}
