package io.parley.edge.pipeline;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.parley.edge.chat.ChatEvents;
import io.parley.edge.chat.ChatService;
import io.parley.edge.cluster.ClusterNode;
import io.parley.edge.security.RoomAccess;
import io.parley.edge.transport.EdgeServers;
import io.parley.events.MembershipEvent;
import io.smallrye.reactive.messaging.annotations.Blocking;

/**
 * Applies group membership changes: every edge node consumes {@code membership-events} in a consumer
 * group of its own. MEMBER_ADDED adds the user to the group's Redis mirror
 * ({@code acl:grp:<id>:members}); MEMBER_REMOVED removes it there and makes that user's sockets on
 * this node leave the group's room, so they can neither receive, send nor read it any more (a new
 * join is checked again, see {@link RoomAccess}).
 */
@ApplicationScoped
public class MembershipListener {

    public static final String CHANNEL = "membership-events";
    private static final Logger LOG = Logger.getLogger(MembershipListener.class);
    private static final Duration REDIS_TIMEOUT = Duration.ofSeconds(5);

    private final EdgeServers servers;
    private final RoomAccess access;
    private final ClusterNode node;

    public MembershipListener(EdgeServers servers, RoomAccess access, ClusterNode node) {
        this.servers = servers;
        this.access = access;
        this.node = node;
    }

    @Incoming(CHANNEL)
    @Blocking(ordered = false)
    public void onMembership(MembershipEvent event) {
        if (event == null || event.type() == null || event.roomId() == null || event.userId() == null) {
            return;
        }
        String groupId = groupId(event);
        if (event.type() == MembershipEvent.Type.MEMBER_REMOVED) {
            LOG.debugf("member %s removed from room %s: leaving on this node", event.userId(), event.roomId());
            if (groupId != null && node.enabled()) {
                mirror(() -> access.removeMember(groupId, event.userId()).await().atMost(REDIS_TIMEOUT));
            }
            servers.socketIo().of(ChatEvents.NAMESPACE).to(ChatService.userRoom(event.userId())).local()
                    .socketsLeave(event.roomId());
        } else if (event.type() == MembershipEvent.Type.MEMBER_ADDED && groupId != null && node.enabled()) {
            mirror(() -> access.addMember(groupId, event.userId()).await().atMost(REDIS_TIMEOUT));
        }
    }

    private static String groupId(MembershipEvent event) {
        // the mirror is keyed like the room the edge checks: grp:<groupId>
        return event.roomId().startsWith(RoomAccess.GROUP_PREFIX)
                ? event.roomId().substring(RoomAccess.GROUP_PREFIX.length())
                : null;
    }

    /** A mirror write that fails is healed by the mirror's TTL; the room change still applies. */
    private static void mirror(Runnable write) {
        try {
            write.run();
        } catch (RuntimeException e) {
            LOG.warnf("membership mirror not updated (healed within parley.auth.acl-ttl): %s", e.toString());
        }
    }
}
