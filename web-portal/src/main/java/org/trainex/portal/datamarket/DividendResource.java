package org.trainex.portal.datamarket;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.math.BigInteger;
import java.util.List;
import org.trainex.datamarket.api.Curation;
import org.trainex.datamarket.api.Dividends;
import org.trainex.datamarket.api.RecordUsageCommand;
import org.trainex.portal.shared.Roles;
import org.trainex.shared.api.InvalidInputException;

/**
 * Usage, dividends and curator tokens (issue 4 items 3 and 5): {@code POST /api/admin/data-usage} records a job's
 * usage of registry entries and pays its data fee ("record usage and pay data fee", until the compute market
 * settles jobs itself); {@code GET /api/me/earnings} shows a contributor its shares, usage and dividends;
 * {@code POST /api/admin/curator-tokens} grants curator tokens.
 */
@Path("/")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class DividendResource {
    @Inject
    Dividends dividends;
    @Inject
    Curation curation;
    @Context
    SecurityContext security;

    /** Body of a grant: holder wallet and amount in CuratorToken base units (decimal string). */
    public record GrantTokens(String holder, String amount) {
    }

    @POST
    @Path("admin/data-usage")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    public Response recordUsage(RecordUsageCommand command) {
        return Response.status(Response.Status.CREATED)
                .entity(dividends.recordUsage(command, security.getUserPrincipal().getName())).build();
    }

    @GET
    @Path("admin/data-usage")
    @RolesAllowed(Roles.ADMIN)
    public List<Dividends.UsageView> usages() {
        return dividends.usages();
    }

    @GET
    @Path("me/earnings")
    @RolesAllowed({Roles.CONTRIBUTOR, Roles.ADMIN})
    public Dividends.EarningsView earnings() {
        return dividends.earnings(security.getUserPrincipal().getName());
    }

    @POST
    @Path("admin/curator-tokens")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    public Response grant(GrantTokens body) {
        if (body == null || body.amount() == null || !body.amount().matches("[0-9]{1,78}")) {
            throw new InvalidInputException("a grant needs holder and amount (a positive decimal integer of base "
                    + "units)");
        }
        return Response.status(Response.Status.CREATED).entity(curation.grantTokens(body.holder(),
                new BigInteger(body.amount()), security.getUserPrincipal().getName())).build();
    }
}
