package io.parley.edge.security;

import java.time.Duration;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;

import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import io.parley.edge.chat.ChatException;
import io.parley.edge.chat.ErrorCode;
import io.parley.edge.cluster.ClusterNode;
import io.parley.edge.cluster.RedisBroker;
import io.parley.edge.config.AuthConfig;
import io.parley.edge.identity.Identity;
import io.parley.edge.pipeline.PersisterClient;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;

/**
 * Who may use a room (the same rule as chat-persister's REST API):
 * <ul>
 * <li>{@code grp:<groupId>}: a public group, anyone signed in; a private one, its members only.
 * Checked against the Redis mirror ({@code acl:grp:<id>:vis} = {@code public|private}, set
 * {@code acl:grp:<id>:members}); on a miss the edge asks chat-persister
 * ({@code GET /api/groups/{id}}) with the user's own token and caches the answer for
 * {@code parley.auth.acl-ttl}. {@link io.parley.edge.pipeline.MembershipListener} keeps the member
 * sets current from {@code membership-events}.</li>
 * <li>{@code dm:<a>:<b>} with {@code a < b}: only users a and b (a user id containing {@code :}
 * cannot have direct conversations).</li>
 * <li>any other room: open to anyone signed in, unless {@code parley.auth.open-rooms=false}.</li>
 * </ul>
 */
@ApplicationScoped
public class RoomAccess {

    private static final Logger LOG = Logger.getLogger(RoomAccess.class);
    public static final String GROUP_PREFIX = "grp:";
    public static final String DM_PREFIX = "dm:";
    public static final String PUBLIC = "public";
    public static final String PRIVATE = "private";

    private final AuthConfig config;
    private final ClusterNode node;
    private final PersisterClient persister;

    @Inject
    public RoomAccess(AuthConfig config, ClusterNode node, @RestClient PersisterClient persister) {
        this.config = config;
        this.node = node;
        this.persister = persister;
    }

    /** The Redis key of a group's visibility. */
    public String visibilityKey(String groupId) {
        return node.key("acl:grp:" + groupId + ":vis");
    }

    /** The Redis set of a group's known members. */
    public String membersKey(String groupId) {
        return node.key("acl:grp:" + groupId + ":members");
    }

    /**
     * Completes when {@code identity} may join, send to and read {@code roomId}; fails with a
     * ChatException FORBIDDEN, NOT_FOUND or UNAVAILABLE otherwise.
     */
    public Uni<Void> check(Identity identity, String roomId) {
        if (roomId.startsWith(GROUP_PREFIX)) {
            return group(identity, roomId.substring(GROUP_PREFIX.length()));
        }
        if (roomId.startsWith(DM_PREFIX)) {
            if (directConversation(identity.userId(), roomId)) {
                return Uni.createFrom().voidItem();
            }
            LOG.debugf("%s refused in %s: not one of its two users", identity.userId(), roomId);
            return Uni.createFrom().failure(forbidden());
        }
        return config.openRooms() ? Uni.createFrom().voidItem() : Uni.createFrom().failure(forbidden());
    }

    /** {@code dm:<a>:<b>}: exactly two user ids without ':', sorted, and the user is one of them. */
    static boolean directConversation(String userId, String roomId) {
        String[] parts = roomId.split(":", -1);
        if (parts.length != 3 || parts[1].isEmpty() || parts[2].isEmpty() || parts[1].compareTo(parts[2]) >= 0) {
            return false;
        }
        return parts[1].equals(userId) || parts[2].equals(userId);
    }

    private Uni<Void> group(Identity identity, String groupId) {
        if (groupId.isEmpty()) {
            return Uni.createFrom().failure(new ChatException(ErrorCode.NOT_FOUND, "no such group"));
        }
        if (!node.enabled()) {
            return lookup(identity, groupId);
        }
        RedisBroker redis = node.broker();
        Uni<Response> vis = redis.send(Request.cmd(Command.GET).arg(visibilityKey(groupId)));
        Uni<Response> member = redis.send(Request.cmd(Command.SISMEMBER).arg(membersKey(groupId)).arg(identity.userId()));
        return Uni.combine().all().unis(vis, member).asTuple()
                .ifNoItem().after(config.aclLookupTimeout()).fail()
                .onFailure().recoverWithItem(failure -> {
                    LOG.debugf("acl mirror unavailable, asking chat-persister: %s", failure.toString());
                    return null;
                })
                .chain(answers -> {
                    if (answers != null) {
                        String visibility = answers.getItem1() == null ? null : answers.getItem1().toString();
                        boolean known = answers.getItem2() != null && answers.getItem2().toInteger() == 1;
                        if (PUBLIC.equals(visibility) || (PRIVATE.equals(visibility) && known)) {
                            return Uni.createFrom().voidItem();
                        }
                    }
                    return lookup(identity, groupId);
                });
    }

    /** Asks chat-persister with the user's token, and mirrors a positive answer in Redis. */
    private Uni<Void> lookup(Identity identity, String groupId) {
        return persister.group(identity.bearer(), groupId)
                .ifNoItem().after(config.aclLookupTimeout()).fail()
                .onFailure().transform(RoomAccess::lookupFailure)
                .chain(group -> {
                    String visibility = "PUBLIC".equals(group.path("visibility").asText("").toUpperCase(Locale.ROOT))
                            ? PUBLIC
                            : PRIVATE;
                    return mirror(identity, groupId, visibility);
                });
    }

    private Uni<Void> mirror(Identity identity, String groupId, String visibility) {
        if (!node.enabled()) {
            return Uni.createFrom().voidItem();
        }
        long ttl = Math.max(1, config.aclTtl().toSeconds());
        RedisBroker redis = node.broker();
        Uni<Response> writes = redis.send(Request.cmd(Command.SET).arg(visibilityKey(groupId)).arg(visibility)
                .arg("EX").arg(ttl));
        // a global admin sees private groups without being a member: not mirrored as one
        if (PRIVATE.equals(visibility) && !identity.hasRole(config.adminRole())) {
            writes = writes.chain(() -> addMember(groupId, identity.userId()));
        }
        // the answer stands even if the mirror could not be written
        return writes.ifNoItem().after(config.aclLookupTimeout()).fail().replaceWithVoid()
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /**
     * Adds a member to the mirror. The set's TTL is set only when it has none (EXPIRE NX), so a set
     * that keeps getting members still expires and heals a removal this node missed.
     */
    public Uni<Response> addMember(String groupId, String userId) {
        RedisBroker redis = node.broker();
        long ttl = Math.max(1, config.aclTtl().toSeconds());
        return redis.send(Request.cmd(Command.SADD).arg(membersKey(groupId)).arg(userId))
                .chain(() -> redis.send(Request.cmd(Command.EXPIRE).arg(membersKey(groupId)).arg(ttl).arg("NX")));
    }

    public Uni<Response> removeMember(String groupId, String userId) {
        return node.broker().send(Request.cmd(Command.SREM).arg(membersKey(groupId)).arg(userId));
    }

    private static Throwable lookupFailure(Throwable failure) {
        int status = failure instanceof WebApplicationException web && web.getResponse() != null
                ? web.getResponse().getStatus()
                : 0;
        return switch (status) {
            case 403 -> forbidden();
            case 404 -> new ChatException(ErrorCode.NOT_FOUND, "no such group");
            case 401 -> new ChatException(ErrorCode.AUTH_INVALID, "the token is no longer valid");
            default -> {
                LOG.debugf("group lookup failed: %s", failure.toString());
                yield new ChatException(ErrorCode.UNAVAILABLE, "the group cannot be checked right now, retry later");
            }
        };
    }

    private static ChatException forbidden() {
        return new ChatException(ErrorCode.FORBIDDEN, "not allowed in this room");
    }

    /** For tests: the configured TTL. */
    Duration ttl() {
        return config.aclTtl();
    }
}
