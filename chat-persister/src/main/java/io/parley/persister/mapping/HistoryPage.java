package io.parley.persister.mapping;

import java.util.List;

/**
 * One page of a room's history, newest first.
 *
 * @param messages      newest first
 * @param hasMore       more messages exist in the paging direction: older ones when paging with
 *                      beforeSeq (or no cursor), newer ones when paging with afterSeq
 * @param nextBeforeSeq cursor for the next older page: the smallest seq of this page (null if empty)
 * @param nextAfterSeq  cursor for the next newer page: the greatest seq of this page (null if empty)
 */
public record HistoryPage(String roomId, List<MessageView> messages, boolean hasMore, Long nextBeforeSeq,
        Long nextAfterSeq) {
}
