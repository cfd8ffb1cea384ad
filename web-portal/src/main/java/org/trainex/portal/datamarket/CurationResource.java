package org.trainex.portal.datamarket;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.util.List;
import java.util.UUID;
import org.trainex.datamarket.api.Curation;
import org.trainex.datamarket.api.DataProposalView;
import org.trainex.datamarket.api.DataRequests;
import org.trainex.portal.shared.Roles;
import org.trainex.shared.api.InvalidInputException;

/**
 * Curation over REST (issue 4 item 3): {@code /api/curators/me} (account, wallet link, delegation),
 * {@code /api/curation/queue}, and per proposal {@code /api/data-proposals/{id}} (state, tally),
 * {@code .../votes}, {@code .../ballots} and {@code .../preview.png}.
 */
@Path("/")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class CurationResource {
    @Inject
    Curation curation;
    @Inject
    DataRequests requests;
    @Context
    SecurityContext security;

    /** Body of a wallet link: the wallet and its EIP-191 signature of the account's link message. */
    public record LinkWallet(String wallet, String signature) {
    }

    /** Body of a delegation: {@code null} (vote yourself), {@code "oracle"}, or a curator's wallet. */
    public record Delegate(String delegate) {
    }

    /** Body of a vote. */
    public record CastVote(Boolean support) {
    }

    private String me() {
        return security.getUserPrincipal().getName();
    }

    @GET
    @Path("curators/me")
    @RolesAllowed({Roles.CURATOR, Roles.ADMIN})
    public Curation.CuratorView account() {
        return curation.me(me());
    }

    @POST
    @Path("curators/me/wallet")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.CURATOR, Roles.ADMIN})
    public Curation.CuratorView link(LinkWallet body) {
        if (body == null) {
            throw new InvalidInputException("a wallet link needs a JSON body {wallet, signature}");
        }
        return curation.linkWallet(me(), body.wallet(), body.signature());
    }

    @PUT
    @Path("curators/me/delegation")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.CURATOR, Roles.ADMIN})
    public Curation.CuratorView delegate(Delegate body) {
        return curation.delegate(me(), body == null ? null : body.delegate());
    }

    @GET
    @Path("curation/queue")
    @RolesAllowed({Roles.CURATOR, Roles.ADMIN})
    public List<Curation.QueueItem> queue() {
        return curation.queue(me());
    }

    @GET
    @Path("data-proposals/{id}")
    @RolesAllowed({Roles.INITIATOR, Roles.CONTRIBUTOR, Roles.CURATOR, Roles.ADMIN})
    public DataProposalView proposal(@PathParam("id") UUID id) {
        return requests.proposal(id);
    }

    @POST
    @Path("data-proposals/{id}/votes")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.CURATOR, Roles.ADMIN})
    public Response vote(@PathParam("id") UUID id, CastVote body) {
        if (body == null || body.support() == null) {
            throw new InvalidInputException("a vote needs {\"support\": true|false}");
        }
        return Response.status(Response.Status.CREATED).entity(curation.vote(id, body.support(), me())).build();
    }

    @GET
    @Path("data-proposals/{id}/votes")
    @RolesAllowed({Roles.INITIATOR, Roles.CONTRIBUTOR, Roles.CURATOR, Roles.ADMIN})
    public List<Curation.VoteView> votes(@PathParam("id") UUID id) {
        return curation.votes(id);
    }

    @GET
    @Path("data-proposals/{id}/ballots")
    @RolesAllowed({Roles.INITIATOR, Roles.CONTRIBUTOR, Roles.CURATOR, Roles.ADMIN})
    public List<Curation.BallotView> ballots(@PathParam("id") UUID id) {
        return curation.ballots(id);
    }

    /** The header and first {@code count} rows of a CSV proposal. */
    @GET
    @Path("data-proposals/{id}/rows")
    @RolesAllowed({Roles.INITIATOR, Roles.CONTRIBUTOR, Roles.CURATOR, Roles.ADMIN})
    public List<List<String>> rows(@PathParam("id") UUID id, @QueryParam("count") @DefaultValue("10") int count) {
        return requests.rows(id, count);
    }

    /** The first {@code count} images of a proposal as a PNG grid (10 per row). */
    @GET
    @Path("data-proposals/{id}/preview.png")
    @Produces("image/png")
    @RolesAllowed({Roles.INITIATOR, Roles.CONTRIBUTOR, Roles.CURATOR, Roles.ADMIN})
    public Response preview(@PathParam("id") UUID id, @QueryParam("count") @DefaultValue("40") int count) {
        return Response.ok(requests.preview(id, count), "image/png").build();
    }
}
