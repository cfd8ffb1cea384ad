package org.trainex.portal.datamarket;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.trainex.datamarket.api.CreateDataRequestCommand;
import org.trainex.datamarket.api.DataProposalView;
import org.trainex.datamarket.api.DataRequestView;
import org.trainex.datamarket.api.DataRequests;
import org.trainex.datamarket.api.SubmitProposalCommand;
import org.trainex.portal.shared.Roles;

/**
 * {@code /api/data-requests}: initiators post data requests (schema, target, curation rules, deadline);
 * contributors submit proposals to them ({@code /api/data-requests/{id}/proposals}), which the server checks
 * against the request's schema: a wrong image size, labels outside the label set or a malformed file answer 400
 * with the reason and store nothing, and so does a proposal whose samples duplicate accepted registry data (with the
 * count). The initiator who posted a request (or an admin) closes it ({@code POST /api/data-requests/{id}/close});
 * the contributor who submitted a proposal (or an admin) withdraws it before its tally
 * ({@code POST /api/data-requests/{id}/proposals/{pid}/withdraw}): 403 for anyone else, 404 if unknown, 400 in the
 * wrong state.
 */
@Path("/data-requests")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class DataRequestResource {
    @Inject
    DataRequests requests;
    @Context
    SecurityContext security;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.INITIATOR, Roles.ADMIN})
    public Response create(CreateDataRequestCommand command) {
        DataRequestView r = requests.create(command, security.getUserPrincipal().getName());
        return Response.created(URI.create("data-requests/" + r.id())).entity(r).build();
    }

    @GET
    @RolesAllowed({Roles.INITIATOR, Roles.CONTRIBUTOR, Roles.CURATOR, Roles.CONSUMER, Roles.ADMIN})
    public List<DataRequestView> list() {
        return requests.list();
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Roles.INITIATOR, Roles.CONTRIBUTOR, Roles.CURATOR, Roles.CONSUMER, Roles.ADMIN})
    public DataRequestView get(@PathParam("id") UUID id) {
        return requests.get(id);
    }

    @POST
    @Path("{id}/proposals")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.CONTRIBUTOR, Roles.ADMIN})
    public Response submit(@PathParam("id") UUID id, SubmitProposalCommand command) {
        DataProposalView p = requests.submit(id, command, security.getUserPrincipal().getName());
        return Response.created(URI.create("data-requests/" + id + "/proposals/" + p.id())).entity(p).build();
    }

    @POST
    @Path("{id}/close")
    @RolesAllowed({Roles.INITIATOR, Roles.ADMIN})
    public DataRequestView close(@PathParam("id") UUID id) {
        return requests.close(id, security.getUserPrincipal().getName(), security.isUserInRole(Roles.ADMIN));
    }

    @POST
    @Path("{id}/proposals/{pid}/withdraw")
    @RolesAllowed({Roles.CONTRIBUTOR, Roles.ADMIN})
    public DataProposalView withdraw(@PathParam("id") UUID id, @PathParam("pid") UUID proposalId) {
        return requests.withdraw(id, proposalId, security.getUserPrincipal().getName(),
                security.isUserInRole(Roles.ADMIN));
    }

    @GET
    @Path("{id}/proposals")
    @RolesAllowed({Roles.INITIATOR, Roles.CONTRIBUTOR, Roles.CURATOR, Roles.ADMIN})
    public List<DataProposalView> proposals(@PathParam("id") UUID id) {
        return requests.proposals(id);
    }
}
