package io.parley.persister.rest;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;

import io.parley.persister.mapping.CreateGroupRequest;
import io.parley.persister.mapping.GroupView;
import io.parley.persister.mapping.MemberSpec;
import io.parley.persister.mapping.MemberView;
import io.parley.persister.repository.ReadRepository;
import io.parley.persister.service.GroupService;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.Blocking;

@Path("/api")
@Tag(name = "groups")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Blocking
@Authenticated
@APIResponse(responseCode = "400", description = "invalid request",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "401", description = "no valid bearer token",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "403", description = "the caller may not do this (see docs/identity.md)",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class GroupResource {

    private final GroupService groups;
    private final ReadRepository reads;
    private final CurrentCaller caller;

    public GroupResource(GroupService groups, ReadRepository reads, CurrentCaller caller) {
        this.groups = groups;
        this.reads = reads;
        this.caller = caller;
    }

    @POST
    @Path("/groups")
    @Operation(summary = "Create a group (PUBLIC, PRIVATE) or a DIRECT conversation of two users",
            description = "Needs the user role. The caller becomes the group's ADMIN; a DIRECT conversation must "
                    + "include the caller and exists once per pair: creating it again answers 200 with it.")
    @APIResponse(responseCode = "201", description = "created")
    @APIResponse(responseCode = "200", description = "the DIRECT conversation existed")
    public Response create(@Valid @NotNull CreateGroupRequest body) {
        GroupService.Created created = groups.create(body, caller.get());
        GroupView view = reads.group(created.groupId()).orElseThrow();
        return (created.created() ? Response.created(URI.create("/api/groups/" + view.id())) : Response.ok())
                .entity(view).build();
    }

    @GET
    @Path("/groups/{id}")
    @Operation(summary = "A group",
            description = "200 if the group is public, the caller is a member, or has the admin or service role; "
                    + "403 for a private group (or DIRECT conversation) of others.")
    @APIResponse(responseCode = "404", description = "no such group",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public GroupView group(@RestPath String id) {
        return groups.view(caller.get(), parseId(id));
    }

    @GET
    @Path("/users/{userId}/groups")
    @Operation(summary = "The groups a user is a member of, by name",
            description = "For the user themselves, an admin or a service.")
    public List<GroupView> groupsOf(@RestPath String userId) {
        return groups.groupsOf(caller.get(), userId);
    }

    @GET
    @Path("/groups/{id}/members")
    @Operation(summary = "The members of a group, by user id", description = "Same access as the group.")
    public List<MemberView> members(@RestPath String id) {
        return groups.members(caller.get(), parseId(id));
    }

    @POST
    @Path("/groups/{id}/members")
    @Operation(summary = "Add a member (or change its role); publishes MEMBER_ADDED",
            description = "The group's ADMIN or a global admin; any user may also join a PUBLIC group as MEMBER.")
    @APIResponse(responseCode = "201", description = "added")
    @APIResponse(responseCode = "200", description = "was a member already (role updated if different)")
    @APIResponse(responseCode = "409", description = "a DIRECT conversation's members cannot change")
    public Response addMember(@RestPath String id, @Valid @NotNull MemberSpec body) {
        GroupService.Added added = groups.addMember(parseId(id), body, caller.get());
        return (added.created()
                ? Response.created(URI.create("/api/groups/" + id + "/members/" + added.member().userId()))
                : Response.ok()).entity(added.member()).build();
    }

    @DELETE
    @Path("/groups/{id}/members/{userId}")
    @Operation(summary = "Remove a member; publishes MEMBER_REMOVED so every edge takes it out of the room",
            description = "The group's ADMIN or a global admin; every member may also remove themselves (leave).")
    @APIResponse(responseCode = "204", description = "removed")
    @APIResponse(responseCode = "404", description = "no such group or member")
    public Response removeMember(@RestPath String id, @RestPath String userId) {
        groups.removeMember(parseId(id), userId, caller.get());
        return Response.noContent().build();
    }

    private static UUID parseId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("no group " + id);
        }
    }
}
