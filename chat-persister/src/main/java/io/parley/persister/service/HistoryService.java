package io.parley.persister.service;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.parley.persister.config.PersisterConfig;
import io.parley.persister.entity.Visibility;
import io.parley.persister.mapping.GroupView;
import io.parley.persister.mapping.HistoryPage;
import io.parley.persister.mapping.MessageView;
import io.parley.persister.repository.ReadRepository;
import io.parley.persister.repository.ReadRepository.HistoryQuery;
import io.parley.persister.rest.ProblemException;

/**
 * A room's history by keyset pagination on seq (never OFFSET: stable while messages arrive), for
 * callers the room rule lets read it ({@link AccessPolicy}: 404 for an unknown group, 403 for a
 * private group the caller is not in, a {@code dm:} room of others, or closed open rooms).
 */
@ApplicationScoped
public class HistoryService {

    private final ReadRepository reads;
    private final PersisterConfig config;
    private final AccessPolicy policy;

    public HistoryService(ReadRepository reads, PersisterConfig config, AccessPolicy policy) {
        this.reads = reads;
        this.config = config;
        this.policy = policy;
    }

    /** Parameters as they came in the query string; null when absent. */
    public HistoryPage page(Caller caller, String roomId, String beforeSeq, String afterSeq, String limit) {
        authorize(caller, roomId);
        Long before = parseSeq("beforeSeq", beforeSeq);
        Long after = parseSeq("afterSeq", afterSeq);
        int max = config.history().maxLimit();
        int size = config.history().defaultLimit();
        if (limit != null) {
            long parsed = parseLong("limit", limit);
            if (parsed < 1 || parsed > max) {
                throw ProblemException.invalid("limit must be between 1 and " + max + ", was " + limit, "limit");
            }
            size = (int) parsed;
        }
        if (before != null && after != null && after >= before) {
            throw ProblemException.invalid("afterSeq must be lower than beforeSeq", "afterSeq");
        }
        boolean forward = after != null && before == null;
        // one more than asked tells whether there is more in the paging direction
        List<MessageView> rows = reads.history(new HistoryQuery(roomId, before, after, size + 1));
        boolean hasMore = rows.size() > size;
        if (hasMore) {
            // newest first: the extra row is the oldest (backward) or the newest (forward)
            rows = forward ? rows.subList(1, rows.size()) : rows.subList(0, size);
        }
        Long newest = rows.isEmpty() ? null : rows.get(0).seq();
        Long oldest = rows.isEmpty() ? null : rows.get(rows.size() - 1).seq();
        return new HistoryPage(roomId, List.copyOf(rows), hasMore, oldest, newest);
    }

    private void authorize(Caller caller, String roomId) {
        if (roomId.startsWith(AccessPolicy.GROUP_ROOM_PREFIX)) {
            String id = roomId.substring(AccessPolicy.GROUP_ROOM_PREFIX.length());
            UUID groupId;
            try {
                groupId = UUID.fromString(id);
            } catch (IllegalArgumentException e) {
                throw ProblemException.notFound("no group " + id);
            }
            GroupView group = reads.group(groupId).orElseThrow(() -> ProblemException.notFound("no group " + id));
            boolean member = group.visibility() != Visibility.PUBLIC
                    && reads.isMember(groupId, caller.userId());
            if (!policy.mayReadGroupHistory(caller, group.visibility(), member)) {
                throw ProblemException.forbidden("the history of " + roomId + " is for its members only");
            }
        } else if (roomId.startsWith(AccessPolicy.DM_ROOM_PREFIX)) {
            if (!policy.mayReadDirectRoom(caller, roomId)) {
                throw ProblemException.forbidden("the history of " + roomId + " is for its two users only");
            }
        } else if (!policy.mayReadOpenRoom(caller)) {
            throw ProblemException.forbidden("open rooms are disabled (parley.auth.open-rooms=false)");
        }
    }

    private static Long parseSeq(String name, String value) {
        if (value == null) {
            return null;
        }
        long seq = parseLong(name, value);
        if (seq < 0) {
            throw ProblemException.invalid(name + " must not be negative", name);
        }
        return seq;
    }

    private static long parseLong(String name, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw ProblemException.invalid(name + " must be an integer, was '" + value + "'", name);
        }
    }
}
