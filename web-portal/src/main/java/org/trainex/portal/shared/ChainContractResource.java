package org.trainex.portal.shared;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.trainex.shared.api.ChainContracts;

/** {@code /api/chain/contracts}: where Trainex's contracts are deployed, so anyone can verify on chain. */
@Path("/chain/contracts")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class ChainContractResource {
    @Inject
    ChainContracts contracts;

    @GET
    @RolesAllowed({Roles.INITIATOR, Roles.CONTRIBUTOR, Roles.CURATOR, Roles.CONSUMER, Roles.PROVIDER,
        Roles.VALIDATOR, Roles.ADMIN, Roles.RUNNER})
    public List<ChainContracts.Deployed> all() {
        return contracts.all();
    }
}
