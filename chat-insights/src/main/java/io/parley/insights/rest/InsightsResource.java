package io.parley.insights.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import io.parley.insights.mapping.HourlySeries;
import io.parley.insights.mapping.RoomSeries;
import io.parley.insights.mapping.Summary;
import io.parley.insights.mapping.TopRooms;
import io.parley.insights.service.InsightsService;
import io.smallrye.common.annotation.Blocking;

/**
 * Chat activity figures. Bearer token (OIDC) with the realm role {@code parley-analyst} or
 * {@code parley-admin}: no token 401, another role 403. Times are ISO-8601 instants; windows are
 * [from, to), defaulting to the last {@code parley.insights.api.default-window}.
 */
@Path("/api/insights")
@Tag(name = "insights")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({ InsightsResource.ROLE_ANALYST, InsightsResource.ROLE_ADMIN })
@SecurityRequirement(name = "SecurityScheme")
@APIResponse(responseCode = "400", description = "invalid parameter",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "401", description = "no valid bearer token")
@APIResponse(responseCode = "403", description = "the token has neither parley-analyst nor parley-admin")
@Blocking
public class InsightsResource {

    public static final String ROLE_ANALYST = "parley-analyst";
    public static final String ROLE_ADMIN = "parley-admin";

    private final InsightsService insights;

    public InsightsResource(InsightsService insights) {
        this.insights = insights;
    }

    @GET
    @Path("/summary")
    @Operation(summary = "Totals of a window (minute-aligned)",
            description = "Messages, active rooms, distinct senders, active users (hour granularity) and the "
                    + "peak of concurrent connections per edge node.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = Summary.class)))
    public Summary summary(@Parameter(description = "start, inclusive (ISO-8601 instant)") @RestQuery String from,
            @Parameter(description = "end, exclusive (ISO-8601 instant), default now") @RestQuery String to) {
        return insights.summary(from, to);
    }

    @GET
    @Path("/hourly")
    @Operation(summary = "Per hour: messages, distinct senders, active users, peak connections per node")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = HourlySeries.class)))
    public HourlySeries hourly(@Parameter(description = "start, inclusive (ISO-8601 instant)") @RestQuery String from,
            @Parameter(description = "end, exclusive (ISO-8601 instant), default now") @RestQuery String to) {
        return insights.hourly(from, to);
    }

    @GET
    @Path("/rooms/top")
    @Operation(summary = "The most active rooms of a window, by messages")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = TopRooms.class)))
    public TopRooms top(@Parameter(description = "start, inclusive (ISO-8601 instant)") @RestQuery String from,
            @Parameter(description = "end, exclusive (ISO-8601 instant), default now") @RestQuery String to,
            @Parameter(description = "rooms, 1..parley.insights.api.top-max-limit (100), default 10",
                    schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.INTEGER))
            @RestQuery String limit) {
        return insights.topRooms(from, to, limit);
    }

    @GET
    @Path("/rooms/{roomId}/series")
    @Operation(summary = "A room's messages and distinct senders per minute or hour")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = RoomSeries.class)))
    public RoomSeries series(@RestPath String roomId,
            @Parameter(description = "start, inclusive (ISO-8601 instant)") @RestQuery String from,
            @Parameter(description = "end, exclusive (ISO-8601 instant), default now") @RestQuery String to,
            @Parameter(description = "minute (default) or hour") @RestQuery String granularity) {
        return insights.roomSeries(roomId, from, to, granularity);
    }
}
