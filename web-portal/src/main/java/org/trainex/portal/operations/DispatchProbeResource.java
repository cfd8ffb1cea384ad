package org.trainex.portal.operations;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.trainex.operations.api.DispatchProbeView;
import org.trainex.operations.api.DispatchProbes;
import org.trainex.portal.shared.Roles;
import org.trainex.shared.api.InvalidInputException;

/**
 * {@code /api/admin/dispatch-probes}: operators measure the exchange's dispatch throughput end to end with no-op
 * chunks ({@link DispatchProbes}). {@code POST {"chunks": N}} (1..1,000,000) starts a probe and answers 201 with it
 * (nothing dispatched yet; dispatch starts when the request commits); {@code GET .../{id}} shows dispatched and
 * completed chunks, per-runner counts, seconds from the first dispatch to the last result and chunks/s, and the
 * p50/p99 latency from a chunk's dispatch to its recorded result, in seconds ({@link DispatchProbeView});
 * {@code GET} lists the newest probes ({@code ?limit=}, default 20); {@code DELETE .../{id}} cancels a probe (no
 * further chunks are dispatched; those already queued are still answered and counted). Admin only. Runners must be running for the
 * chunks to complete; a probe's chunks queue behind real work (lowest JMS priority).
 */
@Path("/admin/dispatch-probes")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class DispatchProbeResource {
    @Inject
    DispatchProbes probes;
    @Context
    SecurityContext security;

    /** Body of a start: the number of noop chunks. */
    public record Start(Integer chunks) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    public Response start(Start body) {
        if (body == null || body.chunks() == null) {
            throw new InvalidInputException("a probe needs {\"chunks\": N} with N between 1 and "
                    + DispatchProbes.MAX_CHUNKS);
        }
        DispatchProbeView v = probes.start(body.chunks(), security.getUserPrincipal().getName());
        return Response.created(URI.create("admin/dispatch-probes/" + v.id())).entity(v).build();
    }

    @GET
    @Path("{id}")
    @RolesAllowed(Roles.ADMIN)
    public DispatchProbeView get(@PathParam("id") UUID id) {
        return probes.get(id);
    }

    @DELETE
    @Path("{id}")
    @RolesAllowed(Roles.ADMIN)
    public DispatchProbeView cancel(@PathParam("id") UUID id) {
        return probes.cancel(id);
    }

    @GET
    @RolesAllowed(Roles.ADMIN)
    public List<DispatchProbeView> recent(@QueryParam("limit") @DefaultValue("20") int limit) {
        return probes.recent(limit);
    }
}
