package io.parley.edge.security;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RoomAccessTest {

    @Test
    void directConversationsAreSortedPairsOfTheirTwoUsers() {
        assertTrue(RoomAccess.directConversation("alice", "dm:alice:bob"));
        assertTrue(RoomAccess.directConversation("bob", "dm:alice:bob"));
        assertFalse(RoomAccess.directConversation("carol", "dm:alice:bob"));
        assertFalse(RoomAccess.directConversation("alice", "dm:bob:alice"), "unsorted");
        assertFalse(RoomAccess.directConversation("alice", "dm:alice:alice"), "not a pair");
        assertFalse(RoomAccess.directConversation("alice", "dm:alice:bob:x"));
        assertFalse(RoomAccess.directConversation("alice", "dm:alice:"));
        assertFalse(RoomAccess.directConversation("a:b", "dm:a:b:c"), "ids with ':' cannot have dms");
    }
}
