package org.trainex.portal.shared;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.InputStream;
import java.net.URI;
import java.util.UUID;
import org.trainex.jobs.protocol.RunnerAuth;
import org.trainex.shared.api.AccessDeniedException;
import org.trainex.shared.api.BlobInfo;
import org.trainex.shared.api.Blobs;
import org.trainex.shared.api.ContentId;
import org.trainex.shared.api.InvalidInputException;
import org.trainex.shared.api.NotFoundException;
import org.trainex.shared.api.PayloadTooLargeException;
import org.trainex.shared.api.TaskGrants;

/**
 * {@code /api/blobs/{cid}}: upload and download of content-addressed blobs (datasets, models). The server
 * re-hashes every upload and answers 400 if the bytes do not match the CID in the path (DESIGN.md, "Content
 * addressing"); 413 problem+json above {@code TRAINEX_MAX_UPLOAD_BYTES} ({@link BodyLimits}): at once when the
 * {@code Content-Length} says so, else when the counted bytes pass it. Downloads are for runners, admins and the
 * uploader, and a trained model (a job's final model, a round's global model or a chunk's local model) also for its
 * order's consumer and the providers in its match (issue 11 item 7); a runner downloads only blobs its current task
 * names ({@code ?task=<taskId>}, issue 11 item 6); anyone else gets 403.
 */
@Path("/blobs")
@RequestScoped
public class BlobResource {
    @Inject
    org.trainex.datamarket.api.DataRequests dataRequests;
    @Inject
    Blobs blobs;
    @Inject
    org.trainex.computemarket.api.TrainingJobs jobs;
    @Inject
    TaskGrants grants;
    @Inject
    CurrentRunner runner;
    @Context
    SecurityContext security;

    /** Stores the request body under {@code cid}: 201 when stored, 200 when it was already there. */
    @PUT
    @Path("{cid}")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.INITIATOR, Roles.CONTRIBUTOR, Roles.CONSUMER, Roles.PROVIDER, Roles.VALIDATOR,
        Roles.ADMIN, Roles.RUNNER})
    public Response upload(@PathParam("cid") String cid, @Context jakarta.ws.rs.core.HttpHeaders headers,
            InputStream body) {
        long limit = BodyLimits.maxUploadBytes();
        String refusal = BodyLimits.refusal("an upload", headers.getLength(), limit);
        if (refusal != null) {
            // refused before a byte is read: the declared length is over the limit
            throw new PayloadTooLargeException(refusal);
        }
        // a body without a length is counted by the blob service against the same limit (413 when it passes it)
        Blobs.Stored stored = blobs.store(ContentId.of(cid), body, security.getUserPrincipal().getName());
        return stored.created()
                ? Response.created(URI.create("blobs/" + cid)).entity(stored.blob()).build()
                : Response.ok(stored.blob()).build();
    }

    /** Metadata of a blob. */
    @GET
    @Path("{cid}/info")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.INITIATOR, Roles.CONTRIBUTOR, Roles.CURATOR, Roles.CONSUMER, Roles.PROVIDER,
        Roles.VALIDATOR, Roles.ADMIN, Roles.RUNNER})
    public BlobInfo info(@PathParam("cid") String cid) {
        ContentId id = ContentId.of(cid);
        return blobs.find(id).orElseThrow(() -> new NotFoundException("no blob " + id));
    }

    /** The bytes of a blob ({@code application/octet-stream}). */
    @GET
    @Path("{cid}")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    @RolesAllowed({Roles.INITIATOR, Roles.CONTRIBUTOR, Roles.CURATOR, Roles.CONSUMER, Roles.PROVIDER,
        Roles.VALIDATOR, Roles.ADMIN, Roles.RUNNER})
    public Response download(@PathParam("cid") String cid, @QueryParam(RunnerAuth.TASK_PARAM) String task) {
        ContentId id = ContentId.of(cid);
        BlobInfo info = blobs.find(id).orElseThrow(() -> new NotFoundException("no blob " + id));
        String user = security.getUserPrincipal().getName();
        boolean runner = security.isUserInRole(Roles.RUNNER) && !security.isUserInRole(Roles.ADMIN);
        if (runner && dataRequests.withheldFromRunners(id.value())) {
            throw new AccessDeniedException("blob " + id + " belongs to a rejected data proposal: it is kept for "
                    + "audit and never served to runners");
        }
        if (runner) {
            requireTaskNames(id, task);
        } else if (!security.isUserInRole(Roles.ADMIN) && !info.uploadedBy().equals(user)
                && !jobs.mayReadModel(id.value(), new org.trainex.computemarket.api.Caller(user, false))) {
            throw new AccessDeniedException("blob " + id + " is readable by admins, its uploader, a runner whose "
                    + "task names it, and (a trained model) the consumer and matched providers of its order only");
        }
        StreamingOutput out = os -> {
            try (InputStream in = blobs.open(id)) {
                in.transferTo(os);
            }
        };
        return Response.ok(out).header("Content-Length", info.sizeBytes())
                .header("ETag", "\"" + id + "\"").build();
    }

    /**
     * A runner downloads only for a task it works on (issue 11 item 6): {@code ?task=<taskId>} must name a task that
     * was dispatched naming this blob, has no recorded result, and is untargeted or meant for this runner.
     *
     * @throws InvalidInputException if the task parameter is missing or not a UUID
     * @throws AccessDeniedException if the task does not grant this blob to this runner
     */
    private void requireTaskNames(ContentId id, String task) {
        if (task == null || task.isBlank()) {
            throw new InvalidInputException("a runner names the task it downloads for: ?" + RunnerAuth.TASK_PARAM
                    + "=<taskId>");
        }
        UUID taskId;
        try {
            taskId = UUID.fromString(task.strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(RunnerAuth.TASK_PARAM + " must be a UUID: " + task);
        }
        String runnerId = runner.require().runnerId();
        grants.refusal(taskId, runnerId, id.value()).ifPresent(why -> {
            throw new AccessDeniedException("runner " + runnerId + " may not download blob " + id + ": " + why);
        });
    }
}
