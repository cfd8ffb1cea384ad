package org.trainex.portal.computemarket;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
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
import org.trainex.computemarket.api.BidView;
import org.trainex.computemarket.api.IssuedRunnerKey;
import org.trainex.computemarket.api.RunnerKeyView;
import org.trainex.computemarket.api.RunnerKeys;
import org.trainex.computemarket.api.PostBidCommand;
import org.trainex.computemarket.api.ProviderAccountView;
import org.trainex.computemarket.api.Providers;
import org.trainex.computemarket.api.RegisterRunnerCommand;
import org.trainex.computemarket.api.RunnerView;
import org.trainex.computemarket.api.StakeCommand;
import org.trainex.portal.shared.CurrentRunner;
import org.trainex.portal.shared.Roles;
import org.trainex.shared.api.InvalidInputException;

/**
 * Runners, bids and provider accounts (issue 5 items 2 and 5): runners register ({@code PUT /api/runners/{id}}:
 * capacity, region, hardware) and beat ({@code POST /api/runners/{id}/heartbeat}); providers post and cancel bids
 * ({@code /api/bids}); the order book is {@code GET /api/bids}; a provider's account (payout wallet, stake,
 * earnings, payouts) is {@code GET /api/providers/me}, and {@code POST /api/providers/me/stake} links the payout
 * wallet and reads the stake the provider sent from it to the escrow contract. Runner keys (issue 11 item 6): a
 * provider issues, lists and revokes them at {@code /api/providers/me/runners[/{id}/key]}; a runner registers and
 * beats only as itself.
 */
@Path("/")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class ProviderResource {
    @Inject
    Providers providers;
    @Inject
    RunnerKeys runnerKeys;
    @Inject
    CurrentRunner runner;
    @Context
    SecurityContext security;

    /** Body of a heartbeat. */
    public record Heartbeat(Boolean busy, UUID taskId) {
    }

    /**
     * A runner registers itself (runner role and its runner key, {@link RunnerKeyFilter}): 403 for another runner id
     * or another provider than its key's; 400 for a claim above {@code TRAINEX_RUNNER_MAX_CLAIM}.
     */
    @PUT
    @Path("runners/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.RUNNER)
    public RunnerView register(@PathParam("id") String id, RegisterRunnerCommand command) {
        return providers.register(runner.require(), id, command);
    }

    /** A runner's heartbeat (its own id only, else 403). */
    @POST
    @Path("runners/{id}/heartbeat")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.RUNNER)
    public Response heartbeat(@PathParam("id") String id, Heartbeat body) {
        providers.heartbeat(runner.require(), id, body != null && Boolean.TRUE.equals(body.busy()),
                body == null ? null : body.taskId());
        return Response.noContent().build();
    }

    /**
     * Issues a key for the signed-in provider's runner {@code id} (issue 11 item 6): 201 with the key, shown this once
     * ({@code Cache-Control: no-store}); issuing again replaces the previous key. 403 if the runner id belongs to
     * another provider; 400 for a malformed id. An {@code Idempotency-Key} is not honoured here: the answer carries a
     * secret and is never stored.
     */
    @POST
    @Path("providers/me/runners/{id}/key")
    @RolesAllowed(Roles.PROVIDER)
    public Response issueKey(@PathParam("id") String id) {
        IssuedRunnerKey k = runnerKeys.issue(security.getUserPrincipal().getName(), id);
        return Response.status(Response.Status.CREATED).entity(k).header("Cache-Control", "no-store").build();
    }

    /** Revokes the key of the signed-in provider's runner {@code id}: its requests get 401 from now on. 404 if none. */
    @DELETE
    @Path("providers/me/runners/{id}/key")
    @RolesAllowed(Roles.PROVIDER)
    public RunnerKeyView revokeKey(@PathParam("id") String id) {
        return runnerKeys.revoke(security.getUserPrincipal().getName(), id);
    }

    /** The signed-in provider's runner keys, without secrets. */
    @GET
    @Path("providers/me/runners")
    @RolesAllowed(Roles.PROVIDER)
    public List<RunnerKeyView> runnerKeys() {
        return runnerKeys.keys(security.getUserPrincipal().getName());
    }

    @GET
    @Path("runners")
    @RolesAllowed({Roles.PROVIDER, Roles.CONSUMER, Roles.VALIDATOR, Roles.ADMIN})
    public List<RunnerView> runners() {
        return providers.runners();
    }

    @POST
    @Path("bids")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.PROVIDER)
    public Response post(PostBidCommand command) {
        BidView b = providers.postBid(command, security.getUserPrincipal().getName());
        return Response.created(URI.create("bids/" + b.id())).entity(b).build();
    }

    @DELETE
    @Path("bids/{id}")
    @RolesAllowed(Roles.PROVIDER)
    public BidView cancel(@PathParam("id") UUID id) {
        return providers.cancelBid(id, security.getUserPrincipal().getName());
    }

    @GET
    @Path("bids")
    @RolesAllowed({Roles.PROVIDER, Roles.CONSUMER, Roles.VALIDATOR, Roles.ADMIN})
    public List<BidView> book() {
        return providers.book();
    }

    /** The signed-in provider's account: payout wallet, stake (recorded and on chain), earnings, payouts. */
    @GET
    @Path("providers/me")
    @RolesAllowed({Roles.PROVIDER, Roles.ADMIN})
    public ProviderAccountView account() {
        return providers.account(security.getUserPrincipal().getName());
    }

    /**
     * Links the payout wallet and reads its stake from the chain (the provider stakes from that wallet with
     * {@code ComputeEscrow.stake()}, e.g. {@code ./trainex wallet stake WEI}; issue 11 item 1). Body
     * ({@link StakeCommand}): {@code {"wallet", "signature"}}: the wallet's address and its EIP-191 signature of
     * {@link Providers#walletMessage(String, String)} with the checksummed address (needed when the wallet changes).
     * Answers the account; 400 on a malformed field, a signature that is not the wallet's, or an {@code amountWei}
     * (the exchange does not stake for providers); 503 if the chain cannot be read. Nothing changes on error.
     */
    @POST
    @Path("providers/me/stake")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.PROVIDER)
    public ProviderAccountView stake(StakeCommand command) {
        if (command == null) {
            throw new InvalidInputException("a stake needs a JSON body {wallet, signature}");
        }
        return providers.stake(command, security.getUserPrincipal().getName());
    }
}
