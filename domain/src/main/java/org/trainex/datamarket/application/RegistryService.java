package org.trainex.datamarket.application;

import org.trainex.shared.api.ChainReceipt;
import org.trainex.datamarket.api.ChainRecordEvents.EntryProof;
import org.trainex.datamarket.api.ChainRecordEvents.RegistryBatchAnchored;
import java.math.BigInteger;
import java.util.ArrayList;
import org.trainex.shared.api.ChainCommand;
import jakarta.ejb.Local;
import jakarta.ejb.LocalBean;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;
import org.trainex.datamarket.api.Registry;
import org.trainex.datamarket.api.RegistryEntryView;
import org.trainex.datamarket.domain.Dataset;
import org.trainex.datamarket.domain.RegistryBatch;
import org.trainex.datamarket.domain.RegistryEntry;
import org.trainex.datamarket.domain.RegistryRepository;
import org.trainex.jobs.protocol.ContentIds;
import org.trainex.shared.api.ChainKeys;
import org.trainex.shared.api.ChainOutbox;
import org.trainex.shared.api.NotFoundException;
import org.trainex.shared.api.Settings;
import org.trainex.shared.api.WalletAddress;

/**
 * Enters datasets in a registry and anchors the entries on chain in Merkle batches through the chain outbox:
 * a batch is cut when {@code anchor.batch.size} entries wait ({@code TRAINEX_ANCHOR_BATCH_SIZE}, default 256) or
 * the oldest has waited {@code anchor.max.wait.seconds} ({@code TRAINEX_ANCHOR_MAX_WAIT_SECONDS}, default 5).
 * Source: DESIGN.md, "The chain is the public record" (batched Merkle roots with on-chain inclusion checks).
 */
@Stateless
@Local(Registry.class)
@LocalBean // also injected as itself by the data market's own services
public class RegistryService implements Registry {
    private static final Logger LOG = Logger.getLogger(RegistryService.class.getName());
    /** The registry of datasets registered directly (not answering a data request): the nil UUID. */
    public static final UUID OPEN_REGISTRY = new UUID(0, 0);

    @Inject
    RegistryRepository registry;
    @Inject
    ChainOutbox outbox;

    /** Enters a dataset, owned by {@code contributor}, in the open registry (PENDING until anchored). */
    public RegistryEntry enter(Dataset dataset, WalletAddress contributor) {
        return enter(dataset, contributor, OPEN_REGISTRY);
    }

    /**
     * Enters a dataset in registry {@code registryId} (a data request's id for accepted proposals; its ShareToken id
     * on chain), PENDING until anchored.
     */
    public RegistryEntry enter(Dataset dataset, WalletAddress contributor, UUID registryId) {
        RegistryEntry entry = new RegistryEntry(UUID.randomUUID(), dataset.id(), registryId,
                manifestDigest(dataset.toView().imagesCid(), dataset.toView().labelsCid()), contributor,
                dataset.toView().sampleCount(), Instant.now());
        registry.add(entry);
        return entry;
    }

    /**
     * The content digest of a dataset: SHA-256 over its manifest {@code "trainex-dataset-v1\n<imagesCid>\n
     * <labelsCid>\n"}, so the entry commits to both the images and the labels.
     */
    public static String manifestDigest(String imagesCid, String labelsCid) {
        String manifest = "trainex-dataset-v1\n" + imagesCid + "\n" + labelsCid + "\n";
        return HexFormat.of().formatHex(ContentIds.sha256().digest(manifest.getBytes(StandardCharsets.US_ASCII)));
    }

    /** Registries (ids) that have PENDING entries, the one with the oldest entry first, at most {@code limit}. */
    public List<UUID> registriesWithPendingEntries(int limit) {
        return registry.registriesWithPending(limit);
    }

    /**
     * Cuts at most one batch of registry {@code registryId}'s pending entries and submits it to the chain outbox, in
     * this transaction.
     *
     * @return the batch id, if one was cut
     */
    public Optional<UUID> cutBatch(UUID registryId, Instant now) {
        int size = (int) Settings.getLong("anchor.batch.size", 256);
        Duration maxWait = Duration.ofSeconds(Settings.getLong("anchor.max.wait.seconds", 5));
        List<RegistryEntry> members = registry.pending(registryId, size);
        if (members.isEmpty()) {
            return Optional.empty();
        }
        RegistryEntry oldest = members.get(0);
        boolean due = members.size() >= size || !oldest.createdAt().plus(maxWait).isAfter(now);
        if (!due) {
            return Optional.empty();
        }
        RegistryBatch batch = new RegistryBatch(UUID.randomUUID(), registryId, members.size(), now);
        registry.add(batch);
        List<ChainCommand.AnchorRegistryBatch.Entry> entries = new ArrayList<>();
        List<WalletAddress> contributors = new ArrayList<>();
        List<BigInteger> amounts = new ArrayList<>();
        for (RegistryEntry e : members) {
            e.batched(batch.id());
            WalletAddress contributor = WalletAddress.of(e.contributorWallet());
            entries.add(new ChainCommand.AnchorRegistryBatch.Entry(e.id(), "0x" + e.contentDigest(), contributor,
                    e.sampleCount(), e.shares()));
            contributors.add(contributor);
            amounts.add(e.shares());
        }
        String key = ChainKeys.bytes32(registryId);
        outbox.submit(batch.id(), new ChainCommand.AnchorRegistryBatch(batch.id(), key, entries));
        outbox.submit(mintRequestId(batch.id()), new ChainCommand.MintRegistryShares(batch.id(), key, contributors,
                amounts));
        LOG.info(() -> "registry batch " + batch.id() + " of " + members.size() + " entr"
                + (members.size() == 1 ? "y" : "ies") + " submitted for anchoring");
        return Optional.of(batch.id());
    }

    /** The outbox request id of a batch's share mint (derived, so a batch has exactly one). */
    public static UUID mintRequestId(UUID batchId) {
        return UUID.nameUUIDFromBytes(("mint-shares:" + batchId).getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Records a batch the chain anchored: its entries become ANCHORED with their proofs. A repeated confirmation
     * changes nothing.
     *
     * @throws NotFoundException     if the batch is unknown
     * @throws IllegalStateException if the proofs do not list the batch's entries in order
     */
    public void batchAnchored(RegistryBatchAnchored anchored) {
        RegistryBatch batch = registry.lockBatch(anchored.batchId())
                .orElseThrow(() -> new NotFoundException("no registry batch " + anchored.batchId()));
        List<RegistryEntry> members = registry.entriesOf(batch.id());
        if (members.size() != anchored.proofs().size()) {
            throw new IllegalStateException("batch " + batch.id() + " has " + members.size() + " entries, the "
                    + "confirmation lists " + anchored.proofs().size());
        }
        if (!batch.anchored(anchored.merkleRoot(), anchored.chainBatchId(), anchored.receipt(), Instant.now())) {
            return;
        }
        Map<UUID, EntryProof> byEntry = new LinkedHashMap<>();
        anchored.proofs().forEach(p -> byEntry.put(p.entryId(), p));
        for (int i = 0; i < members.size(); i++) {
            RegistryEntry e = members.get(i);
            EntryProof p = byEntry.get(e.id());
            if (p == null || p.leafIndex() != i) {
                throw new IllegalStateException("confirmation of batch " + batch.id() + " misplaces entry " + e.id());
            }
            e.anchored(batch.id(), i, p.proof(), Instant.now());
        }
        LOG.info(() -> "registry batch " + batch.id() + " anchored: chain batch " + anchored.chainBatchId() + ", root "
                + anchored.merkleRoot() + ", tx " + anchored.receipt().txHash() + " in block "
                + anchored.receipt().blockNumber());
    }

    /**
     * Records that a batch's shares are minted. A repeated confirmation changes nothing.
     *
     * @throws NotFoundException if the batch is unknown
     */
    public void sharesMinted(UUID batchId, ChainReceipt receipt) {
        RegistryBatch batch = registry.lockBatch(batchId)
                .orElseThrow(() -> new NotFoundException("no registry batch " + batchId));
        if (batch.sharesMinted(receipt)) {
            LOG.info(() -> "shares of registry batch " + batchId + " minted: tx " + receipt.txHash() + " in block "
                    + receipt.blockNumber());
        }
    }

    @Override
    public List<RegistryEntryView> entries() {
        return registry.entries().stream().map(this::view).toList();
    }

    @Override
    public Optional<RegistryEntryView> entryOfDataset(UUID datasetId) {
        return registry.findEntryOfDataset(datasetId).map(this::view);
    }

    private RegistryEntryView view(RegistryEntry e) {
        return e.toView(e.batchId() == null ? null : registry.findBatch(e.batchId()).orElse(null));
    }
}
