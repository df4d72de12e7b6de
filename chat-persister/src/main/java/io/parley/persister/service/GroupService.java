package io.parley.persister.service;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.parley.events.EventJson;
import io.parley.events.MembershipEvent;
import io.parley.persister.entity.ChatGroupEntity;
import io.parley.persister.entity.GroupMemberEntity;
import io.parley.persister.entity.MemberRole;
import io.parley.persister.entity.OutboxEntity;
import io.parley.persister.entity.Visibility;
import io.parley.persister.kafka.MembershipOutboxRelay;
import io.parley.persister.mapping.CreateGroupRequest;
import io.parley.persister.mapping.GroupView;
import io.parley.persister.mapping.MemberSpec;
import io.parley.persister.mapping.MemberView;
import io.parley.persister.repository.GroupRepository;
import io.parley.persister.repository.MemberRepository;
import io.parley.persister.repository.OutboxRepository;
import io.parley.persister.repository.ReadRepository;
import io.parley.persister.rest.ProblemException;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Groups and their members, on the primary datasource. Every membership change writes its
 * {@link MembershipEvent} to the outbox in the same transaction, and the relay publishes it after
 * the commit: no event for a change that was rolled back, no change without its event. Every
 * operation is done for an authenticated {@link Caller} and decided by the {@link AccessPolicy}:
 * 403 when not allowed, 404 for an unknown group.
 */
@ApplicationScoped
public class GroupService {

    /** Result of a create: the group id and whether it was made now (false: the DIRECT pair existed). */
    public record Created(UUID groupId, boolean created) {
    }

    /** Result of adding a member: the member and whether it is new (false: existed, role updated). */
    public record Added(MemberView member, boolean created) {
    }

    private final GroupRepository groups;
    private final MemberRepository members;
    private final OutboxRepository outbox;
    private final MembershipOutboxRelay relay;
    private final ReadRepository reads;
    private final AccessPolicy policy;
    private final Clock clock;

    @Inject
    public GroupService(GroupRepository groups, MemberRepository members, OutboxRepository outbox,
            MembershipOutboxRelay relay, ReadRepository reads, AccessPolicy policy) {
        this(groups, members, outbox, relay, reads, policy, Clock.systemUTC());
    }

    GroupService(GroupRepository groups, MemberRepository members, OutboxRepository outbox,
            MembershipOutboxRelay relay, ReadRepository reads, AccessPolicy policy, Clock clock) {
        this.groups = groups;
        this.members = members;
        this.outbox = outbox;
        this.relay = relay;
        this.reads = reads;
        this.policy = policy;
        this.clock = clock;
    }

    /** A group the caller may see (public, member, admin or service): 404 unknown, 403 otherwise. */
    public GroupView view(Caller caller, UUID groupId) {
        GroupView group = reads.group(groupId).orElseThrow(() -> ProblemException.notFound("no group " + groupId));
        boolean member = group.visibility() != Visibility.PUBLIC && reads.isMember(groupId, caller.userId());
        if (!policy.maySeeGroup(caller, group.visibility(), member)) {
            throw ProblemException.forbidden("group " + groupId + " is private: members only");
        }
        return group;
    }

    /** The members of a group the caller may see. */
    public List<MemberView> members(Caller caller, UUID groupId) {
        view(caller, groupId);
        return reads.members(groupId);
    }

    /** The groups of a user: for the user, an admin or a service. */
    public List<GroupView> groupsOf(Caller caller, String userId) {
        if (!policy.mayListGroupsOf(caller, userId)) {
            throw ProblemException.forbidden("only " + userId + " or an administrator may list their groups");
        }
        return reads.groupsOf(userId);
    }

    public Created create(CreateGroupRequest request, Caller caller) {
        if (!policy.mayCreateGroups(caller)) {
            throw ProblemException.forbidden("creating groups needs the user role");
        }
        String actorId = caller.userId();
        Map<String, MemberRole> wanted = new LinkedHashMap<>();
        for (MemberSpec m : request.members()) {
            if (wanted.put(m.userId(), m.roleOrDefault()) != null) {
                throw ProblemException.invalid("member " + m.userId() + " is listed twice", "members");
            }
        }
        String directKey = null;
        String name = request.name();
        if (request.visibility() == Visibility.DIRECT) {
            if (wanted.size() != 2) {
                throw ProblemException.invalid("a direct conversation has exactly two distinct members",
                        "members");
            }
            if (!wanted.containsKey(actorId) && !policy.isAdmin(caller)) {
                throw ProblemException.forbidden("a direct conversation must include the caller");
            }
            List<String> pair = new ArrayList<>(wanted.keySet());
            pair.sort(null);
            directKey = pair.get(0) + "\n" + pair.get(1);
            wanted.replaceAll((user, role) -> MemberRole.MEMBER);
            if (name == null) {
                name = pair.get(0) + " & " + pair.get(1);
                name = name.length() > 200 ? name.substring(0, 200) : name;
            }
        } else {
            if (name == null || name.isBlank()) {
                throw ProblemException.invalid("a " + request.visibility() + " group needs a name", "name");
            }
            // the creator administers the group, whatever role the request gave it
            wanted.put(actorId, MemberRole.ADMIN);
        }
        String key = directKey;
        String groupName = name;
        Created created;
        try {
            created = QuarkusTransaction.requiringNew().call(() -> createInTx(groupName, request.visibility(), key,
                    wanted, actorId));
        } catch (RuntimeException e) {
            // two creates of the same DIRECT pair at once: the unique direct_key lets one win
            if (key == null || !isUniqueViolation(e)) {
                throw e;
            }
            created = QuarkusTransaction.requiringNew().call(() -> new Created(
                    groups.findByDirectKey(key).orElseThrow(() -> e).id, false));
        }
        relay.wake();
        return created;
    }

    private Created createInTx(String name, Visibility visibility, String directKey, Map<String, MemberRole> wanted,
            String actorId) {
        if (directKey != null) {
            var existing = groups.findByDirectKey(directKey);
            if (existing.isPresent()) {
                return new Created(existing.get().id, false);
            }
        }
        Instant now = clock.instant();
        ChatGroupEntity group = new ChatGroupEntity();
        group.id = UUID.randomUUID();
        group.roomId = ChatGroupEntity.roomIdOf(group.id);
        group.name = name;
        group.visibility = visibility;
        group.directKey = directKey;
        group.createdBy = actorId;
        group.createdAt = now;
        groups.persist(group);
        enqueue(MembershipEvent.groupCreated(UUID.randomUUID().toString(), group.id.toString(), group.roomId,
                actorId, visibility.name(), now.toEpochMilli()));
        for (var entry : wanted.entrySet()) {
            GroupMemberEntity member = member(group.id, entry.getKey(), entry.getValue(), now);
            members.persist(member);
            enqueue(group, MembershipEvent.Type.MEMBER_ADDED, member.userId, member.role, actorId, now);
        }
        groups.flush();
        return new Created(group.id, true);
    }

    /**
     * Adds a member or changes its role: the group's ADMIN or a global admin; besides, any user may
     * join a PUBLIC group as a MEMBER themselves.
     */
    public Added addMember(UUID groupId, MemberSpec spec, Caller caller) {
        String actorId = caller.userId();
        Added added = QuarkusTransaction.requiringNew().call(() -> {
            ChatGroupEntity group = requireGroup(groupId);
            MemberRole callerRole = roleOf(groupId, actorId);
            boolean selfJoin = group.visibility == Visibility.PUBLIC && actorId.equals(spec.userId())
                    && callerRole == null && spec.roleOrDefault() == MemberRole.MEMBER;
            authorizeChange(caller, group, callerRole, policy.mayAdminister(caller, callerRole) || selfJoin);
            Instant now = clock.instant();
            GroupMemberEntity member = members.findById(new GroupMemberEntity.Key(groupId, spec.userId()));
            boolean isNew = member == null;
            if (isNew) {
                member = member(groupId, spec.userId(), spec.roleOrDefault(), now);
                members.persist(member);
            } else if (member.role == spec.roleOrDefault()) {
                return new Added(view(member), false);
            } else {
                member.role = spec.roleOrDefault();
            }
            enqueue(group, MembershipEvent.Type.MEMBER_ADDED, member.userId, member.role, actorId, now);
            return new Added(view(member), isNew);
        });
        relay.wake();
        return added;
    }

    /** Removes a member: the group's ADMIN or a global admin; besides, every member may leave. */
    public void removeMember(UUID groupId, String userId, Caller caller) {
        String actorId = caller.userId();
        QuarkusTransaction.requiringNew().run(() -> {
            ChatGroupEntity group = requireGroup(groupId);
            MemberRole callerRole = roleOf(groupId, actorId);
            boolean leave = actorId.equals(userId) && callerRole != null;
            authorizeChange(caller, group, callerRole, policy.mayAdminister(caller, callerRole) || leave);
            GroupMemberEntity member = members.findById(new GroupMemberEntity.Key(groupId, userId));
            if (member == null) {
                throw ProblemException.notFound("user " + userId + " is not a member of group " + groupId);
            }
            members.delete(member);
            enqueue(group, MembershipEvent.Type.MEMBER_REMOVED, userId, null, actorId, clock.instant());
        });
        relay.wake();
    }

    private MemberRole roleOf(UUID groupId, String userId) {
        GroupMemberEntity member = members.findById(new GroupMemberEntity.Key(groupId, userId));
        return member == null ? null : member.role;
    }

    /** 403 when not allowed; a DIRECT conversation's members (and admins) learn why with a 409. */
    private static void authorizeChange(Caller caller, ChatGroupEntity group, MemberRole callerRole, boolean allowed) {
        if (group.visibility == Visibility.DIRECT && (allowed || callerRole != null)) {
            throw ProblemException.conflict("the members of a direct conversation cannot change");
        }
        if (!allowed) {
            throw ProblemException.forbidden(caller.userId() + " may not change the members of group " + group.id);
        }
    }

    private ChatGroupEntity requireGroup(UUID groupId) {
        ChatGroupEntity group = groups.findById(groupId);
        if (group == null) {
            throw ProblemException.notFound("no group " + groupId);
        }
        return group;
    }

    private void enqueue(ChatGroupEntity group, MembershipEvent.Type type, String userId, MemberRole role,
            String actorId, Instant at) {
        enqueue(MembershipEvent.of(UUID.randomUUID().toString(), type, group.id.toString(),
                group.roomId, userId, role == null ? null : role.name(), actorId, at.toEpochMilli()));
    }

    private void enqueue(MembershipEvent event) {
        OutboxEntity row = new OutboxEntity();
        row.eventKey = event.key();
        row.payload = EventJson.writeString(event);
        outbox.persist(row);
    }

    private static GroupMemberEntity member(UUID groupId, String userId, MemberRole role, Instant at) {
        GroupMemberEntity member = new GroupMemberEntity();
        member.groupId = groupId;
        member.userId = userId;
        member.role = role;
        member.joinedAt = at;
        return member;
    }

    private static MemberView view(GroupMemberEntity m) {
        return new MemberView(m.groupId.toString(), m.userId, m.role, m.joinedAt);
    }

    private static boolean isUniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
