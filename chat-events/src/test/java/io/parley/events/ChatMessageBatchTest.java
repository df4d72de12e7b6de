package io.parley.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class ChatMessageBatchTest {

    private static ChatMessageEvent message(String id, String body) {
        return ChatMessageEvent.of(id, "room-1", 1, "alice", body, null, 1L, "edge-1");
    }

    @Test
    void anEmptyBatchHandlesNothing() {
        ChatMessageBatch split = ChatMessageBatch.split(List.of());
        assertEquals(List.of(), split.messages());
        assertEquals(Set.of(), split.retractedIds());
        assertEquals(0, split.duplicates());
    }

    @Test
    void messagesAreHandledOncePerIdInTheOrderOfTheirFirstCopy() {
        ChatMessageEvent a = message("a", "first copy");
        ChatMessageEvent b = message("b", "b");
        ChatMessageEvent c = message("c", "c");
        ChatMessageBatch split = ChatMessageBatch.split(List.of(a, b, message("a", "second copy"), c, b));
        assertEquals(List.of(a, b, c), split.messages());
        assertSame(a, split.messages().get(0), "the first copy is kept");
        assertEquals(2, split.duplicates());
        assertEquals(Set.of(), split.retractedIds());
    }

    @Test
    void aMessageRetractedLaterInTheBatchIsNotHandledAndItsIdIsReturned() {
        ChatMessageEvent a = message("a", "a");
        ChatMessageEvent b = message("b", "b");
        ChatMessageBatch split = ChatMessageBatch.split(List.of(a, b, a.asRetraction()));
        assertEquals(List.of(b), split.messages());
        assertEquals(List.of("a"), List.copyOf(split.retractedIds()));
        assertEquals(0, split.duplicates());
    }

    @Test
    void aRetractionOfAMessageOfAnEarlierBatchOnlyReturnsItsId() {
        ChatMessageEvent b = message("b", "b");
        ChatMessageBatch split = ChatMessageBatch.split(List.of(message("z", "z").asRetraction(), b,
                message("y", "y").asRetraction(), message("z", "z").asRetraction()));
        assertEquals(List.of(b), split.messages());
        assertEquals(List.of("z", "y"), List.copyOf(split.retractedIds()), "once per id, in order");
        assertEquals(0, split.duplicates(), "a repeated retraction is not a duplicate message");
    }

    @Test
    void aRetractedIdIsNeverHandledWhereverItsRetractionStands() {
        // the edge never writes a message after its retraction; should a copy come after it, the
        // retraction still wins
        ChatMessageEvent a = message("a", "a");
        ChatMessageBatch split = ChatMessageBatch.split(List.of(a, a, a.asRetraction(), a));
        assertEquals(List.of(), split.messages());
        assertEquals(Set.of("a"), split.retractedIds());
        assertEquals(2, split.duplicates(), "copies of a message beyond its first");
    }

    @Test
    void theResultIsUnmodifiable() {
        ChatMessageBatch split = ChatMessageBatch.split(List.of(message("a", "a"), message("b", "b").asRetraction()));
        assertThrows(UnsupportedOperationException.class, () -> split.messages().clear());
        assertThrows(UnsupportedOperationException.class, () -> split.retractedIds().clear());
    }
}
