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
import org.trainex.datamarket.api.AdminRegistryEntryCommand;
import org.trainex.datamarket.api.DatasetView;
import org.trainex.datamarket.api.RegistryEntryView;
import org.trainex.datamarket.api.Datasets;
import org.trainex.datamarket.api.RegisterDatasetCommand;
import org.trainex.portal.shared.Roles;

/**
 * {@code /api/datasets}: register labelled image datasets from uploaded IDX blobs and list them. A
 * registration whose blobs are malformed answers 400 with the reason and stores nothing; one that names a
 * {@code contributorWallet} answers 400 (registering never writes the registry), one of blobs another user uploaded
 * 403 (admins excepted). {@code POST /api/admin/registry-entries} (admin): enter a dataset in the open registry
 * outside curation, logged and shown as {@code origin: ADMIN} (issue 11 item 2).
 */
@Path("/")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class DatasetResource {
    @Inject
    Datasets datasets;
    @Context
    SecurityContext security;

    /** Body: {@code {"name": "...", "imagesCid": "bafkrei...", "labelsCid": "bafkrei..."}}; answers 201. */
    @POST
    @Path("datasets")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.INITIATOR, Roles.CONTRIBUTOR, Roles.ADMIN})
    public Response register(RegisterDatasetCommand command) {
        DatasetView d = datasets.register(command, security.getUserPrincipal().getName(),
                security.isUserInRole(Roles.ADMIN));
        return Response.created(URI.create("datasets/" + d.id())).entity(d).build();
    }

    /** Body: {@code {"datasetId": "...", "contributorWallet": "0x...", "reason": "..."}}; answers 201. */
    @POST
    @Path("admin/registry-entries")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    public Response enterRegistry(AdminRegistryEntryCommand command) {
        RegistryEntryView e = datasets.enterRegistry(command, security.getUserPrincipal().getName());
        return Response.created(URI.create("registry/datasets/" + e.datasetId())).entity(e).build();
    }

    @GET
    @Path("datasets")
    @RolesAllowed({Roles.INITIATOR, Roles.CONTRIBUTOR, Roles.CURATOR, Roles.CONSUMER, Roles.PROVIDER,
        Roles.VALIDATOR, Roles.ADMIN})
    public List<DatasetView> list() {
        return datasets.list();
    }

    @GET
    @Path("datasets/{id}")
    @RolesAllowed({Roles.INITIATOR, Roles.CONTRIBUTOR, Roles.CURATOR, Roles.CONSUMER, Roles.PROVIDER,
        Roles.VALIDATOR, Roles.ADMIN})
    public DatasetView get(@PathParam("id") UUID id) {
        return datasets.get(id);
    }
}
