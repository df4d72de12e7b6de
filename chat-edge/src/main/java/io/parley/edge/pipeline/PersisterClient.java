package io.parley.edge.pipeline;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.mutiny.Uni;

/**
 * chat-persister's REST API, at {@code quarkus.rest-client.persister.url}. Every call carries the
 * user's own access token ({@code authorization} = {@code Bearer <token>}), so chat-persister applies
 * its own access rules to the user; {@code null} (insecure-dev) sends no header.
 */
@RegisterRestClient(configKey = "persister")
@Path("/api")
public interface PersisterClient {

    /** A page of a room's history, newest first: {@code {roomId, messages, hasMore, nextBeforeSeq, nextAfterSeq}}. */
    @GET
    @Path("/rooms/{roomId}/messages")
    Uni<JsonNode> history(@HeaderParam("Authorization") String authorization, @PathParam("roomId") String roomId,
            @QueryParam("beforeSeq") Long beforeSeq, @QueryParam("limit") Integer limit);

    /**
     * A group as the caller may see it: 200 {@code {id, roomId, name, visibility, ...}} when public, or
     * the caller is a member or an administrator; 403 when private and the caller is not a member;
     * 404 when unknown (failures arrive as {@link jakarta.ws.rs.WebApplicationException}).
     */
    @GET
    @Path("/groups/{id}")
    Uni<JsonNode> group(@HeaderParam("Authorization") String authorization, @PathParam("id") String groupId);
}
