package io.parley.persister.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import io.parley.persister.mapping.HistoryPage;
import io.parley.persister.service.HistoryService;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.Blocking;

@Path("/api/rooms/{roomId}/messages")
@Tag(name = "history")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
@Authenticated
public class HistoryResource {

    private final HistoryService history;
    private final CurrentCaller caller;

    public HistoryResource(HistoryService history, CurrentCaller caller) {
        this.history = history;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "A room's messages, newest first, by keyset pagination on seq",
            description = "Without cursor: the newest messages. beforeSeq: the newest messages older than it "
                    + "(page backwards with nextBeforeSeq). afterSeq: the oldest messages newer than it, "
                    + "still returned newest first (page forwards with nextAfterSeq). Rooms: grp:<groupId> "
                    + "(public: every signed-in user; private: members), dm:<userA>:<userB> (those two), any "
                    + "other id is an open room.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = HistoryPage.class)))
    @APIResponse(responseCode = "400", description = "invalid cursor or limit",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "no valid bearer token",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "not a member of the private group, or a dm room of others",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "grp: room of an unknown group",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public HistoryPage messages(@RestPath String roomId,
            @Parameter(description = "exclusive upper bound of seq", schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.INTEGER)) @RestQuery String beforeSeq,
            @Parameter(description = "exclusive lower bound of seq", schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.INTEGER)) @RestQuery String afterSeq,
            @Parameter(description = "page size, 1..200, default 50", schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.INTEGER)) @RestQuery String limit) {
        return history.page(caller.get(), roomId, beforeSeq, afterSeq, limit);
    }
}
