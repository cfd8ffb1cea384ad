package org.trainex.portal.computemarket;

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
import jakarta.ws.rs.core.SecurityContext;
import org.trainex.computemarket.api.ConsumerAccountView;
import org.trainex.computemarket.api.Consumers;
import org.trainex.computemarket.api.Reconciliation;
import org.trainex.portal.shared.Roles;
import org.trainex.shared.api.InvalidInputException;

/**
 * Consumers' payment wallets and the escrow reconciliation (issue 11 item 1): {@code GET /api/consumers/me} (the
 * wallet, its on-chain escrow deposit and what it covers), {@code POST /api/consumers/me/wallet} (link the wallet
 * orders are paid from, by an EIP-191 signature), {@code GET}/{@code POST /api/admin/reconciliation} (the last
 * check of the books against the chain, or a check now).
 */
@Path("/")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class ConsumerResource {
    @Inject
    Consumers consumers;
    @Inject
    Reconciliation reconciliation;
    @Context
    SecurityContext security;

    /** Body of a wallet link: the address and its EIP-191 signature of {@link Consumers#walletMessage}. */
    public record LinkWallet(String wallet, String signature) {
    }

    @GET
    @Path("consumers/me")
    @RolesAllowed({Roles.CONSUMER, Roles.ADMIN})
    public ConsumerAccountView account() {
        return consumers.account(security.getUserPrincipal().getName());
    }

    /**
     * Links the wallet the consumer's orders are paid from. Body {@code {"wallet", "signature"}}: the address and its
     * EIP-191 signature of {@code "Trainex consumer <name> pays from wallet <checksummed address>"}. 400 when
     * malformed, signed by another key, or another consumer's wallet (nothing changes).
     */
    @POST
    @Path("consumers/me/wallet")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.CONSUMER)
    public ConsumerAccountView link(LinkWallet body) {
        if (body == null) {
            throw new InvalidInputException("linking a wallet needs a JSON body {wallet, signature}");
        }
        return consumers.linkWallet(security.getUserPrincipal().getName(), body.wallet(), body.signature());
    }

    @GET
    @Path("admin/reconciliation")
    @RolesAllowed(Roles.ADMIN)
    public Reconciliation.ReconciliationView report() {
        return reconciliation.report();
    }

    @POST
    @Path("admin/reconciliation")
    @RolesAllowed(Roles.ADMIN)
    public Reconciliation.ReconciliationView reconcileNow() {
        return reconciliation.reconcileNow();
    }
}
