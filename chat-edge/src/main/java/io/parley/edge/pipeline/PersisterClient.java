package io.parley.edge.pipeline;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.mutiny.Uni;

/** chat-persister's history API, at {@code quarkus.rest-client.persister.url}. */
@RegisterRestClient(configKey = "persister")
@Path("/api")
public interface PersisterClient {

    /** A page of a room's history, newest first: {@code {roomId, messages, hasMore, nextBeforeSeq, nextAfterSeq}}. */
    @GET
    @Path("/rooms/{roomId}/messages")
    Uni<JsonNode> history(@PathParam("roomId") String roomId, @QueryParam("beforeSeq") Long beforeSeq,
            @QueryParam("limit") Integer limit);
}
