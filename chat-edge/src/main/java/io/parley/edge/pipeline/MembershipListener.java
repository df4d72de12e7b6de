package io.parley.edge.pipeline;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.parley.edge.chat.ChatEvents;
import io.parley.edge.chat.ChatService;
import io.parley.edge.transport.EdgeServers;
import io.parley.events.MembershipEvent;
import io.smallrye.reactive.messaging.annotations.Blocking;

/**
 * Applies group membership changes to the live rooms: every edge node consumes
 * {@code membership-events} in a consumer group of its own, and when a member is removed from a
 * group, that user's sockets on this node leave the group's room (so they can neither receive nor
 * send in it any more).
 */
@ApplicationScoped
public class MembershipListener {

    public static final String CHANNEL = "membership-events";
    private static final Logger LOG = Logger.getLogger(MembershipListener.class);

    private final EdgeServers servers;

    public MembershipListener(EdgeServers servers) {
        this.servers = servers;
    }

    @Incoming(CHANNEL)
    @Blocking(ordered = false)
    public void onMembership(MembershipEvent event) {
        if (event != null && event.type() == MembershipEvent.Type.MEMBER_REMOVED && event.roomId() != null && event.userId() != null) {
            LOG.debugf("member %s removed from room %s: leaving on this node", event.userId(), event.roomId());
            servers.socketIo().of(ChatEvents.NAMESPACE).to(ChatService.userRoom(event.userId())).local()
                    .socketsLeave(event.roomId());
        }
    }
}
