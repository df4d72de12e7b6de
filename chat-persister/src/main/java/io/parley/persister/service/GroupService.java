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
import io.parley.persister.mapping.MemberSpec;
import io.parley.persister.mapping.MemberView;
import io.parley.persister.repository.GroupRepository;
import io.parley.persister.repository.MemberRepository;
import io.parley.persister.repository.OutboxRepository;
import io.parley.persister.rest.ProblemException;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Groups and their members, on the primary datasource. Every membership change writes its
 * {@link MembershipEvent} to the outbox in the same transaction, and the relay publishes it after
 * the commit: no event for a change that was rolled back, no change without its event.
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
    private final Clock clock;

    @Inject
    public GroupService(GroupRepository groups, MemberRepository members, OutboxRepository outbox,
            MembershipOutboxRelay relay) {
        this(groups, members, outbox, relay, Clock.systemUTC());
    }

    GroupService(GroupRepository groups, MemberRepository members, OutboxRepository outbox,
            MembershipOutboxRelay relay, Clock clock) {
        this.groups = groups;
        this.members = members;
        this.outbox = outbox;
        this.relay = relay;
        this.clock = clock;
    }

    public Created create(CreateGroupRequest request, String actorId) {
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
            if (actorId != null) {
                wanted.putIfAbsent(actorId, MemberRole.ADMIN);
            }
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
        for (var entry : wanted.entrySet()) {
            GroupMemberEntity member = member(group.id, entry.getKey(), entry.getValue(), now);
            members.persist(member);
            enqueue(group, MembershipEvent.Type.MEMBER_ADDED, member.userId, member.role, actorId, now);
        }
        groups.flush();
        return new Created(group.id, true);
    }

    public Added addMember(UUID groupId, MemberSpec spec, String actorId) {
        Added added = QuarkusTransaction.requiringNew().call(() -> {
            ChatGroupEntity group = requireGroup(groupId);
            if (group.visibility == Visibility.DIRECT) {
                throw ProblemException.conflict("the members of a direct conversation cannot change");
            }
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

    public void removeMember(UUID groupId, String userId, String actorId) {
        QuarkusTransaction.requiringNew().run(() -> {
            ChatGroupEntity group = requireGroup(groupId);
            if (group.visibility == Visibility.DIRECT) {
                throw ProblemException.conflict("the members of a direct conversation cannot change");
            }
            GroupMemberEntity member = members.findById(new GroupMemberEntity.Key(groupId, userId));
            if (member == null) {
                throw ProblemException.notFound("user " + userId + " is not a member of group " + groupId);
            }
            members.delete(member);
            enqueue(group, MembershipEvent.Type.MEMBER_REMOVED, userId, null, actorId, clock.instant());
        });
        relay.wake();
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
        MembershipEvent event = MembershipEvent.of(UUID.randomUUID().toString(), type, group.id.toString(),
                group.roomId, userId, role == null ? null : role.name(), actorId, at.toEpochMilli());
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
