package io.parley.persister.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.parley.persister.config.AuthConfig;
import io.parley.persister.entity.MemberRole;
import io.parley.persister.entity.Visibility;

/** The room and group rules as pure decisions (the REST behaviour is in AuthApiTest). */
class AccessPolicyTest {

    private static AuthConfig config(String userRole, boolean openRooms) {
        return new AuthConfig() {
            public String userIdClaim() { return "sub"; }
            public String userRole() { return userRole; }
            public String adminRole() { return "parley-admin"; }
            public String serviceRole() { return "parley-service"; }
            public boolean openRooms() { return openRooms; }
        };
    }

    private final AccessPolicy policy = new AccessPolicy(config("parley-user", true));
    private final Caller alice = new Caller("alice", Set.of("parley-user"));
    private final Caller admin = new Caller("admin", Set.of("parley-user", "parley-admin"));
    private final Caller service = new Caller("service-account-parley-service", Set.of("parley-service"));
    private final Caller roleless = new Caller("someone", Set.of());

    @Test
    void directRoomIdsAreTwoSortedUserIds() {
        assertEquals(Optional.of(List.of("alice", "bob")), AccessPolicy.dmPair("dm:alice:bob"));
        for (String invalid : List.of("dm:bob:alice", "dm:alice:alice", "dm:alice", "dm:a:b:c", "dm::bob", "dm:alice:",
                "grp:alice:bob", "alice:bob")) {
            assertEquals(Optional.empty(), AccessPolicy.dmPair(invalid), invalid);
        }
        assertEquals(Optional.of("dm:alice:bob"), AccessPolicy.dmRoomOf("bob", "alice"));
        assertEquals(Optional.empty(), AccessPolicy.dmRoomOf("a:b", "c"), "ids with ':' have no dm room");
        // String.compareTo order: upper case sorts before lower case
        assertEquals(Optional.of("dm:Zed:alice"), AccessPolicy.dmRoomOf("alice", "Zed"));
    }

    @Test
    void directRoomsAreForTheirTwoUsersAndServices() {
        assertTrue(policy.mayReadDirectRoom(alice, "dm:alice:bob"));
        assertFalse(policy.mayReadDirectRoom(alice, "dm:bob:carol"));
        assertFalse(policy.mayReadDirectRoom(alice, "dm:bob:alice"));
        assertFalse(policy.mayReadDirectRoom(admin, "dm:alice:bob"));
        assertTrue(policy.mayReadDirectRoom(service, "dm:alice:bob"));
    }

    @Test
    void groupsAreSeenByEveryoneWhenPublicAndByMembersAdminsServicesWhenPrivate() {
        assertTrue(policy.maySeeGroup(alice, Visibility.PUBLIC, false));
        assertFalse(policy.maySeeGroup(alice, Visibility.PRIVATE, false));
        assertFalse(policy.maySeeGroup(alice, Visibility.DIRECT, false));
        assertTrue(policy.maySeeGroup(alice, Visibility.PRIVATE, true));
        assertTrue(policy.maySeeGroup(admin, Visibility.PRIVATE, false));
        assertTrue(policy.maySeeGroup(service, Visibility.PRIVATE, false));
        // messages: members and services only
        assertFalse(policy.mayReadGroupHistory(admin, Visibility.PRIVATE, false));
        assertTrue(policy.mayReadGroupHistory(service, Visibility.DIRECT, false));
        assertTrue(policy.mayReadGroupHistory(roleless, Visibility.PUBLIC, false));
    }

    @Test
    void administrationNeedsTheGroupAdminRoleOrTheGlobalAdminRole() {
        assertTrue(policy.mayAdminister(alice, MemberRole.ADMIN));
        assertFalse(policy.mayAdminister(alice, MemberRole.MEMBER));
        assertFalse(policy.mayAdminister(alice, null));
        assertTrue(policy.mayAdminister(admin, null));
        assertFalse(policy.mayAdminister(service, null));
    }

    @Test
    void creatingGroupsNeedsTheUserRoleUnlessEveryoneIsAUser() {
        assertTrue(policy.mayCreateGroups(alice));
        assertFalse(policy.mayCreateGroups(service));
        assertFalse(policy.mayCreateGroups(roleless));
        assertTrue(new AccessPolicy(config("*", true)).mayCreateGroups(roleless));
    }

    @Test
    void openRoomsCanBeClosedToUsers() {
        assertTrue(policy.mayReadOpenRoom(alice));
        AccessPolicy closed = new AccessPolicy(config("parley-user", false));
        assertFalse(closed.mayReadOpenRoom(alice));
        assertTrue(closed.mayReadOpenRoom(service));
    }

    @Test
    void groupListsAreForTheUserAdminsAndServices() {
        assertTrue(policy.mayListGroupsOf(alice, "alice"));
        assertFalse(policy.mayListGroupsOf(alice, "bob"));
        assertTrue(policy.mayListGroupsOf(admin, "bob"));
        assertTrue(policy.mayListGroupsOf(service, "bob"));
    }
}
