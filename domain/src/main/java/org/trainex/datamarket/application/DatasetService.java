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
import org.trainex.shared.api.InvalidInputException;
import org.trainex.shared.api.NotFoundException;
import org.trainex.shared.api.WalletAddress;

/** Registers datasets after the server has read and checked their blobs. */
@Stateless
public class DatasetService implements Datasets {
    private static final Logger LOG = Logger.getLogger(DatasetService.class.getName());

    @Inject
    DatasetRepository datasets;
    @Inject
    Blobs blobs;
    @Inject
    RegistryService registry;

    @Override
    public DatasetView register(RegisterDatasetCommand command, String owner) {
        if (command == null) {
            throw new InvalidInputException("a dataset registration needs a JSON body {name, imagesCid, labelsCid}");
        }
        if (command.imagesCid() == null || command.labelsCid() == null) {
            throw new InvalidInputException("imagesCid and labelsCid are required");
        }
        WalletAddress wallet = command.contributorWallet() == null ? null
                : WalletAddress.of(command.contributorWallet());
        ContentId images = ContentId.of(command.imagesCid());
        ContentId labels = ContentId.of(command.labelsCid());
        if (datasets.findByContent(images, labels).isPresent()) {
            throw new InvalidInputException("these blobs are already registered as a dataset");
        }
        IdxInspector.Summary summary = DatasetBlobs.inspect(blobs, images, labels);
        Dataset dataset = new Dataset(UUID.randomUUID(), command.name(), images, labels, summary, owner,
                Instant.now());
        datasets.add(dataset);
        if (wallet != null) {
            registry.enter(dataset, wallet);
        }
        LOG.info(() -> "registered dataset " + dataset.id() + " '" + command.name() + "': " + summary.samples()
                + " samples of " + summary.rows() + "x" + summary.columns() + ", " + summary.classes()
                + " classes, by " + owner);
        return dataset.toView();
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
