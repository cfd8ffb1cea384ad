package org.trainex.portal.shared;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.trainex.shared.api.ChainOutbox;
import org.trainex.shared.api.InvalidInputException;

/**
 * {@code /api/admin/chain-requests}: the chain outbox for operators: every request with its state, transaction,
 * block, attempts and last error (failed anchoring is visible here and in the server log). Signed raw
 * transactions are not shown.
 */
@Path("/admin/chain-requests")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class ChainRequestResource {
    @Inject
    ChainOutbox outbox;

    /** One row of the admin view. */
    public record Row(String id, String kind, String state, int attempts, String sender, Long nonce, String txHash,
                      Long blockNumber, String lastError, String createdAt, String confirmedAt) {
    }

    @GET
    @RolesAllowed(Roles.ADMIN)
    public List<Row> recent(@QueryParam("limit") @DefaultValue("100") int limit) {
        if (limit < 1 || limit > 1000) {
            throw new InvalidInputException("limit must be between 1 and 1000");
        }
        return outbox.recent(limit).stream().map(r -> new Row(r.id().toString(), r.kind(), r.state().name(),
                r.attempts(), r.sender(), r.nonce(), r.txHash(), r.blockNumber(), r.lastError(),
                String.valueOf(r.createdAt()), r.confirmedAt() == null ? null : r.confirmedAt().toString())).toList();
    }
}
