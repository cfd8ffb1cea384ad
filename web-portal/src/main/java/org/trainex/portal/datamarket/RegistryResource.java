package org.trainex.portal.datamarket;

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
import org.trainex.datamarket.api.Registry;
import org.trainex.datamarket.api.RegistryEntryView;
import org.trainex.portal.shared.Roles;
import org.trainex.shared.api.NotFoundException;

/**
 * {@code /api/registry}: registry entries with their on-chain anchoring (Merkle root, proof, transaction, block),
 * so anyone holding an entry can check its inclusion with {@code DataRegistry.verifyEntry}.
 */
@Path("/registry")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class RegistryResource {
    @Inject
    Registry registry;

    @GET
    @RolesAllowed({Roles.INITIATOR, Roles.CONTRIBUTOR, Roles.CURATOR, Roles.CONSUMER, Roles.PROVIDER,
        Roles.VALIDATOR, Roles.ADMIN})
    public List<RegistryEntryView> entries() {
        return registry.entries();
    }

    @GET
    @Path("datasets/{datasetId}")
    @RolesAllowed({Roles.INITIATOR, Roles.CONTRIBUTOR, Roles.CURATOR, Roles.CONSUMER, Roles.PROVIDER,
        Roles.VALIDATOR, Roles.ADMIN})
    public RegistryEntryView entryOfDataset(@PathParam("datasetId") UUID datasetId) {
        return registry.entryOfDataset(datasetId)
                .orElseThrow(() -> new NotFoundException("dataset " + datasetId + " has no registry entry"));
    }
}
