package io.parley.events;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rule every consumer of {@link Topics#CHAT_MESSAGES} applies to a polled batch, in one place:
 * <ul>
 * <li>a message is handled once per batch, however many copies of its id the batch holds (the
 * first copy is kept);</li>
 * <li>a message whose id has a {@linkplain ChatMessageEvent#retracted() retraction} in the same
 * batch is not handled at all (the edge writes the retraction after the message, in the same
 * partition, and never the message after its retraction);</li>
 * <li>the retracted ids are returned, for consumers that also undo what an earlier batch did with
 * them (the persister deletes the stored message; insights and the notifier only skip it).</li>
 * </ul>
 * Pure: no I/O.
 *
 * @param messages     the messages to handle: one per id, none retracted in this batch, in the order
 *                     of their first copy
 * @param retractedIds the ids retracted in this batch, in the order of their first retraction
 * @param duplicates   message copies (not retractions) beyond the first of their id
 */
public record ChatMessageBatch(List<ChatMessageEvent> messages, Set<String> retractedIds, int duplicates) {

    public ChatMessageBatch {
        messages = List.copyOf(messages);
        retractedIds = Collections.unmodifiableSet(new LinkedHashSet<>(retractedIds));
    }

    /** Splits a batch's valid events, in partition order. */
    public static ChatMessageBatch split(List<ChatMessageEvent> events) {
        Map<String, ChatMessageEvent> first = new LinkedHashMap<>();
        Set<String> retracted = new LinkedHashSet<>();
        int duplicates = 0;
        for (ChatMessageEvent event : events) {
            if (event.retracted()) {
                retracted.add(event.id());
            } else if (first.putIfAbsent(event.id(), event) != null) {
                duplicates++;
            }
        }
        first.keySet().removeAll(retracted);
        return new ChatMessageBatch(List.copyOf(first.values()), retracted, duplicates);
    }
}
