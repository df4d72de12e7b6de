package io.parley.persister.service;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.parley.persister.config.AuthConfig;
import io.parley.persister.entity.MemberRole;
import io.parley.persister.entity.Visibility;

/**
 * Who may do what, as pure decisions (no I/O): the same room rules as on the edge
 * (docs/identity.md). Rooms: {@code grp:<groupId>} (a group: PUBLIC readable by every signed-in
 * caller, PRIVATE and DIRECT by members only), {@code dm:<userA>:<userB>} (ids sorted by
 * String.compareTo; only those two users) and any other id (an open room, readable when
 * {@code parley.auth.open-rooms} is true). Services (role {@code parley-service}) read everything;
 * global admins ({@code parley-admin}) administer every group but read private messages only as
 * members.
 */
@ApplicationScoped
public class AccessPolicy {

    public static final String GROUP_ROOM_PREFIX = "grp:";
    public static final String DM_ROOM_PREFIX = "dm:";

    private final AuthConfig auth;

    public AccessPolicy(AuthConfig auth) {
        this.auth = auth;
    }

    public boolean isAdmin(Caller caller) {
        return caller.hasRole(auth.adminRole());
    }

    public boolean isService(Caller caller) {
        return caller.hasRole(auth.serviceRole());
    }

    /** Creating a group or a direct conversation: every user (the configured user role) or an admin. */
    public boolean mayCreateGroups(Caller caller) {
        return "*".equals(auth.userRole()) || caller.hasRole(auth.userRole()) || isAdmin(caller);
    }

    /** Seeing a group and its member list: public, or a member, or an admin or a service. */
    public boolean maySeeGroup(Caller caller, Visibility visibility, boolean member) {
        return visibility == Visibility.PUBLIC || member || isAdmin(caller) || isService(caller);
    }

    /** Reading a group's messages: public, or a member, or a service. */
    public boolean mayReadGroupHistory(Caller caller, Visibility visibility, boolean member) {
        return visibility == Visibility.PUBLIC || member || isService(caller);
    }

    /** Adding, removing members and changing roles: the group's ADMIN or a global admin. */
    public boolean mayAdminister(Caller caller, MemberRole callerRoleInGroup) {
        return callerRoleInGroup == MemberRole.ADMIN || isAdmin(caller);
    }

    /** A user's group list: the user, an admin or a service. */
    public boolean mayListGroupsOf(Caller caller, String userId) {
        return caller.userId().equals(userId) || isAdmin(caller) || isService(caller);
    }

    /** Reading a {@code dm:} room: one of its two users, or a service. */
    public boolean mayReadDirectRoom(Caller caller, String roomId) {
        return isService(caller) || dmPair(roomId).map(pair -> pair.contains(caller.userId())).orElse(false);
    }

    /** Reading an open room (neither {@code grp:} nor {@code dm:}). */
    public boolean mayReadOpenRoom(Caller caller) {
        return auth.openRooms() || isService(caller);
    }

    /**
     * The two user ids of a well-formed {@code dm:<userA>:<userB>} room id (both non-empty, without
     * {@code :}, userA &lt; userB), or empty for any other id.
     */
    public static Optional<List<String>> dmPair(String roomId) {
        if (roomId == null || !roomId.startsWith(DM_ROOM_PREFIX)) {
            return Optional.empty();
        }
        String[] parts = roomId.substring(DM_ROOM_PREFIX.length()).split(":", -1);
        if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty() || parts[0].compareTo(parts[1]) >= 0) {
            return Optional.empty();
        }
        return Optional.of(List.of(parts[0], parts[1]));
    }

    /** The room id of the direct conversation of two users, or empty if an id contains {@code :} or they are equal. */
    public static Optional<String> dmRoomOf(String userA, String userB) {
        String a = userA.compareTo(userB) <= 0 ? userA : userB;
        String b = a.equals(userA) ? userB : userA;
        String room = DM_ROOM_PREFIX + a + ":" + b;
        return dmPair(room).map(pair -> room);
    }
}
