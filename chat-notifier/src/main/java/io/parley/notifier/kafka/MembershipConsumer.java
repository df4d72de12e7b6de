package io.parley.notifier.kafka;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.parley.events.MembershipEvent;
import io.parley.events.kafka.DecodedBatch;
import io.parley.notifier.repository.MemberRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;

/**
 * Keeps the notifier's copy of room membership ({@code notifier.room_member}) from
 * {@code membership-events}, read from the earliest offset in the notifier's group, so a new
 * deployment learns every membership the topic still holds. Events of one room are in one
 * partition, in order; applying one twice is harmless. Only MEMBER_ADDED and MEMBER_REMOVED change
 * it; other and unknown types are skipped; invalid records go to chat-messages-dlq. Each batch holds
 * the bootstrap lock shared ({@link io.parley.notifier.service.MembershipBootstrap}).
 */
@ApplicationScoped
public class MembershipConsumer {

    private static final Logger LOG = Logger.getLogger(MembershipConsumer.class);

    private final MemberRepository members;
    private final DeadLetterPublisher deadLetters;

    public MembershipConsumer(MemberRepository members, DeadLetterPublisher deadLetters) {
        this.members = members;
        this.deadLetters = deadLetters;
    }

    @Incoming(Channels.MEMBERSHIP_IN)
    @Blocking
    public void consume(ConsumerRecords<String, byte[]> records) {
        DecodedBatch<MembershipEvent> batch = DecodedBatch.decode(records, MembershipEvent.class);
        List<Uni<Void>> dlq = batch.invalid().stream().map(deadLetters::send).toList();
        List<MembershipEvent> events = batch.events();
        QuarkusTransaction.requiringNew().run(() -> {
            members.lockSharedWithBootstrap();
            for (MembershipEvent e : events) {
                if (e.type() == MembershipEvent.Type.MEMBER_ADDED) {
                    members.add(e.roomId(), e.userId());
                } else if (e.type() == MembershipEvent.Type.MEMBER_REMOVED) {
                    members.remove(e.roomId(), e.userId());
                } else {
                    // GROUP_CREATED names the creator, whose membership comes as its own MEMBER_ADDED
                    LOG.debugf("skipping membership event %s of type %s", e.eventId(), e.type());
                }
            }
        });
        if (!dlq.isEmpty()) {
            Uni.join().all(dlq).andFailFast().await().indefinitely();
        }
    }
}
