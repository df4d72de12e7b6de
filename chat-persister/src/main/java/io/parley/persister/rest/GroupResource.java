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
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;

import io.parley.persister.mapping.CreateGroupRequest;
import io.parley.persister.mapping.GroupView;
import io.parley.persister.mapping.MemberSpec;
import io.parley.persister.mapping.MemberView;
import io.parley.persister.repository.ReadRepository;
import io.parley.persister.service.GroupService;
import io.smallrye.common.annotation.Blocking;

@Path("/api")
@Tag(name = "groups")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Blocking
@APIResponse(responseCode = "400", description = "invalid request",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class GroupResource {

    private final GroupService groups;
    private final ReadRepository reads;
    private final DevCaller caller;

    public GroupResource(GroupService groups, ReadRepository reads, DevCaller caller) {
        this.groups = groups;
        this.reads = reads;
        this.caller = caller;
    }

    @POST
    @Path("/groups")
    @Operation(summary = "Create a group (PUBLIC, PRIVATE) or a DIRECT conversation of two users",
            description = "A DIRECT conversation exists once per pair: creating it again answers 200 with it.")
    @APIResponse(responseCode = "201", description = "created")
    @APIResponse(responseCode = "200", description = "the DIRECT conversation existed")
    public Response create(@Valid @NotNull CreateGroupRequest body,
            @RestHeader(DevCaller.HEADER) String devUser) {
        GroupService.Created created = groups.create(body, caller.userId(devUser));
        GroupView view = reads.group(created.groupId()).orElseThrow();
        return (created.created() ? Response.created(URI.create("/api/groups/" + view.id())) : Response.ok())
                .entity(view).build();
    }

    @GET
    @Path("/groups/{id}")
    @Operation(summary = "A group")
    @APIResponse(responseCode = "404", description = "no such group",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public GroupView group(@RestPath String id) {
        return reads.group(parseId(id)).orElseThrow(() -> ProblemException.notFound("no group " + id));
    }

    @GET
    @Path("/users/{userId}/groups")
    @Operation(summary = "The groups a user is a member of, by name")
    public List<GroupView> groupsOf(@RestPath String userId) {
        return reads.groupsOf(userId);
    }

    @GET
    @Path("/groups/{id}/members")
    @Operation(summary = "The members of a group, by user id")
    public List<MemberView> members(@RestPath String id) {
        UUID groupId = parseId(id);
        if (reads.group(groupId).isEmpty()) {
            throw ProblemException.notFound("no group " + id);
        }
        return reads.members(groupId);
    }

    @POST
    @Path("/groups/{id}/members")
    @Operation(summary = "Add a member (or change its role); publishes MEMBER_ADDED")
    @APIResponse(responseCode = "201", description = "added")
    @APIResponse(responseCode = "200", description = "was a member already (role updated if different)")
    @APIResponse(responseCode = "409", description = "a DIRECT conversation's members cannot change")
    public Response addMember(@RestPath String id, @Valid @NotNull MemberSpec body,
            @RestHeader(DevCaller.HEADER) String devUser) {
        GroupService.Added added = groups.addMember(parseId(id), body, caller.userId(devUser));
        return (added.created()
                ? Response.created(URI.create("/api/groups/" + id + "/members/" + added.member().userId()))
                : Response.ok()).entity(added.member()).build();
    }

    @DELETE
    @Path("/groups/{id}/members/{userId}")
    @Operation(summary = "Remove a member; publishes MEMBER_REMOVED so every edge takes it out of the room")
    @APIResponse(responseCode = "204", description = "removed")
    @APIResponse(responseCode = "404", description = "no such group or member")
    public Response removeMember(@RestPath String id, @RestPath String userId,
            @RestHeader(DevCaller.HEADER) String devUser) {
        groups.removeMember(parseId(id), userId, caller.userId(devUser));
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
