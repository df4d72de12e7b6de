package io.parley.notifier.rest;

import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.parley.notifier.mapping.DeviceView;
import io.parley.notifier.mapping.RegisterDeviceRequest;
import io.parley.notifier.service.DeviceService;

/**
 * Devices of a user. {@code /api/devices} is the caller's own; {@code /api/users/{userId}/devices}
 * is the same for a named user (the caller itself, or any user for {@code parley-admin}).
 */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed("**")
public class DeviceResource {

    private final DeviceService devices;
    private final Caller caller;

    public DeviceResource(DeviceService devices, Caller caller) {
        this.devices = devices;
        this.caller = caller;
    }

    @POST
    @Path("/devices")
    public Response register(@Valid @NotNull RegisterDeviceRequest body) {
        return registerFor(caller.userId(), body);
    }

    @POST
    @Path("/users/{userId}/devices")
    public Response registerFor(@PathParam("userId") String userId, @Valid @NotNull RegisterDeviceRequest body) {
        DeviceService.Registered r = devices.register(caller.actFor(userId), body);
        return Response.status(r.created() ? 201 : 200).entity(r.device()).build();
    }

    @GET
    @Path("/devices")
    public List<DeviceView> list() {
        return devices.list(caller.userId());
    }

    @GET
    @Path("/users/{userId}/devices")
    public List<DeviceView> listFor(@PathParam("userId") String userId) {
        return devices.list(caller.actFor(userId));
    }

    @DELETE
    @Path("/devices/{id}")
    public Response remove(@PathParam("id") UUID id) {
        String owner = devices.owner(id);
        if (owner == null) {
            throw ProblemException.notFound("no device " + id);
        }
        if (!owner.equals(caller.userId()) && !caller.isAdmin()) {
            // not revealing other users' devices
            throw ProblemException.notFound("no device " + id);
        }
        devices.remove(id);
        return Response.noContent().build();
    }
}
