package io.parley.notifier.rest;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.parley.notifier.mapping.MuteRequest;
import io.parley.notifier.mapping.MuteView;
import io.parley.notifier.service.MuteService;

/** The caller's mute settings per room: no push for a muted room (until {@code until}, or for good). */
@Path("/api/mutes")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed("**")
public class MuteResource {

    private final MuteService mutes;
    private final Caller caller;

    public MuteResource(MuteService mutes, Caller caller) {
        this.mutes = mutes;
        this.caller = caller;
    }

    @GET
    public List<MuteView> list() {
        return mutes.list(caller.userId());
    }

    @PUT
    @Path("/{roomId}")
    public MuteView mute(@PathParam("roomId") String roomId, MuteRequest body) {
        return mutes.mute(caller.userId(), roomId, body == null ? null : body.until());
    }

    @DELETE
    @Path("/{roomId}")
    public Response unmute(@PathParam("roomId") String roomId) {
        mutes.unmute(caller.userId(), roomId);
        return Response.noContent().build();
    }
}
