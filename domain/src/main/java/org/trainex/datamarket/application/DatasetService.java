package org.trainex.datamarket.application;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.logging.Logger;
import org.trainex.datamarket.api.DatasetView;
import org.trainex.datamarket.api.Datasets;
import org.trainex.datamarket.api.RegisterDatasetCommand;
import org.trainex.datamarket.domain.Dataset;
import org.trainex.datamarket.domain.DatasetRepository;
import org.trainex.datamarket.domain.IdxInspector;
import org.trainex.shared.api.Blobs;
import org.trainex.shared.api.ContentId;
import org.trainex.datamarket.api.AdminRegistryEntryCommand;
import org.trainex.datamarket.api.RegistryEntryView;
import org.trainex.shared.api.AccessDeniedException;
import org.trainex.shared.api.BlobInfo;
import org.trainex.shared.api.InvalidInputException;
import org.trainex.shared.api.NotFoundException;
import org.trainex.shared.api.WalletAddress;

/**
 * Registers datasets after the server has read and checked their blobs. A registration never writes the registry
 * (issue 11 item 2): registry entries come from curation ({@link CurationService}) or from an admin
 * ({@link #enterRegistry}), logged and marked {@code origin: ADMIN}. A principal that is not an admin may register
 * only blobs it uploaded itself (the blob store's first uploader) or blobs already content of a registered dataset,
 * so nobody registers another user's uploads (e.g. the blobs of a rejected proposal, withheld from runners).
 */
@Stateless
public class DatasetService implements Datasets {
    private static final Logger LOG = Logger.getLogger(DatasetService.class.getName());

    @Inject
    DatasetRepository datasets;
    @Inject
    Blobs blobs;
    @Inject
    RegistryService registry;
    @Inject
    SampleDedup dedup;

    @Override
    public DatasetView register(RegisterDatasetCommand command, String owner, boolean admin) {
        if (command == null) {
            throw new InvalidInputException("a dataset registration needs a JSON body {name, imagesCid, labelsCid}");
        }
        if (command.contributorWallet() != null) {
            throw new InvalidInputException("contributorWallet is not taken here: registering a dataset does not enter "
                    + "the registry. Data enters the registry through curation (POST /api/data-requests/{id}/proposals)"
                    + " or, outside curation, by an admin (POST /api/admin/registry-entries)");
        }
        if (command.imagesCid() == null || command.labelsCid() == null) {
            throw new InvalidInputException("imagesCid and labelsCid are required");
        }
        ContentId images = ContentId.of(command.imagesCid());
        ContentId labels = ContentId.of(command.labelsCid());
        if (datasets.findByContent(images, labels).isPresent()) {
            throw new InvalidInputException("these blobs are already registered as a dataset");
        }
        if (!admin) {
            for (ContentId c : List.of(images, labels)) {
                String uploader = blobs.find(c).map(BlobInfo::uploadedBy).orElse(null);
                if (uploader != null && !uploader.equals(owner) && !datasets.anyWithBlob(c)) {
                    throw new AccessDeniedException("blob " + c + " was uploaded by another user: you may register "
                            + "only blobs you uploaded yourself or blobs of registered datasets");
                }
            }
        }
        IdxInspector.Summary summary = DatasetBlobs.inspect(blobs, images, labels);
        Dataset dataset = new Dataset(UUID.randomUUID(), command.name(), images, labels, summary, owner,
                Instant.now());
        datasets.add(dataset);
        LOG.info(() -> "registered dataset " + dataset.id() + " '" + command.name() + "': " + summary.samples()
                + " samples of " + summary.rows() + "x" + summary.columns() + ", " + summary.classes()
                + " classes, by " + owner);
        return dataset.toView();
    }

    @Override
    public RegistryEntryView enterRegistry(AdminRegistryEntryCommand c, String admin) {
        if (c == null || c.datasetId() == null || c.contributorWallet() == null || c.reason() == null
                || c.reason().isBlank() || c.reason().length() > 500) {
            throw new InvalidInputException("an admin registry entry needs datasetId, contributorWallet and a reason "
                    + "(1..500 characters)");
        }
        WalletAddress wallet = WalletAddress.of(c.contributorWallet());
        Dataset dataset = datasets.find(c.datasetId())
                .orElseThrow(() -> new NotFoundException("no dataset " + c.datasetId()));
        if (registry.entryOfDataset(dataset.id()).isPresent()) {
            throw new InvalidInputException("dataset " + dataset.id() + " already has a registry entry");
        }
        if ("CSV".equals(dataset.format())) {
            throw new InvalidInputException("dataset " + dataset.id() + " is CSV: CSV data enters the registry through "
                    + "curation only");
        }
        SampleDedup.Check samples = dedup.check(ContentId.of(dataset.toView().imagesCid()), null);
        if (!samples.clean()) {
            throw new InvalidInputException("dataset " + dataset.id() + " refused: " + samples.refusal());
        }
        var entry = registry.enter(dataset, wallet).enteredByAdmin(admin);
        dedup.accept(dataset.id(), samples.digests());
        LOG.warning(() -> "admin " + admin + " entered dataset " + dataset.id() + " in the open registry outside "
                + "curation (entry " + entry.id() + ", " + entry.sampleCount() + " shares to " + wallet.value()
                + "): " + c.reason().strip());
        return registry.entryOfDataset(dataset.id()).orElseThrow();
    }

    @Override
    public DatasetView get(UUID id) {
        return datasets.find(id).map(Dataset::toView).orElseThrow(() -> new NotFoundException("no dataset " + id));
    }

    @Override
    public List<DatasetView> list() {
        return datasets.list().stream().map(Dataset::toView).toList();
    }
}
