package io.parley.persister.service;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.parley.persister.config.PersisterConfig;
import io.parley.persister.mapping.HistoryPage;
import io.parley.persister.mapping.MessageView;
import io.parley.persister.repository.ReadRepository;
import io.parley.persister.repository.ReadRepository.HistoryQuery;
import io.parley.persister.rest.ProblemException;

/** A room's history by keyset pagination on seq (never OFFSET: stable while messages arrive). */
@ApplicationScoped
public class HistoryService {

    private final ReadRepository reads;
    private final PersisterConfig config;

    public HistoryService(ReadRepository reads, PersisterConfig config) {
        this.reads = reads;
        this.config = config;
    }

    /** Parameters as they came in the query string; null when absent. */
    public HistoryPage page(String roomId, String beforeSeq, String afterSeq, String limit) {
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
