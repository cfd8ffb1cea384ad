package org.trainex.portal.computemarket;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.UUID;
import org.trainex.computemarket.api.JobView;
import org.trainex.computemarket.api.TrainingJobs;
import org.trainex.portal.shared.Roles;

/**
 * {@code /api/jobs}: training jobs with live progress (samples/s, epoch, loss, ETA) and final metrics. A job is
 * readable by its order's consumer, the providers in the order's match and admins; others get 404 and the list
 * shows only readable jobs (issue 11 item 7).
 */
@Path("/jobs")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class JobResource {
    @Inject
    TrainingJobs jobs;
    @jakarta.ws.rs.core.Context
    jakarta.ws.rs.core.SecurityContext security;

    @GET
    @RolesAllowed({Roles.CONSUMER, Roles.PROVIDER, Roles.VALIDATOR, Roles.ADMIN})
    public List<JobView> list() {
        return jobs.list(Callers.of(security));
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Roles.CONSUMER, Roles.PROVIDER, Roles.VALIDATOR, Roles.ADMIN})
    public JobView get(@PathParam("id") UUID id) {
        return jobs.get(id, Callers.of(security));
    }
}
