package org.trainex.datamarket.application;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.util.Optional;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.logging.Logger;
import org.trainex.shared.api.ReferenceModels;
import org.trainex.shared.api.TaskDispatcher;
import org.trainex.datamarket.api.CreateDataRequestCommand;
import org.trainex.datamarket.api.DatasetView;
import org.trainex.datamarket.api.DataProposalView;
import org.trainex.datamarket.api.DataRequestView;
import org.trainex.datamarket.api.DataRequests;
import org.trainex.datamarket.api.SubmitProposalCommand;
import org.trainex.datamarket.domain.DataProposal;
import org.trainex.datamarket.domain.DataRequest;
import org.trainex.datamarket.domain.DataRequestRepository;
import org.trainex.datamarket.domain.Dataset;
import org.trainex.datamarket.domain.DatasetRepository;
import org.trainex.datamarket.domain.IdxInspector;
import org.trainex.jobs.protocol.ClassifyTask;
import org.trainex.jobs.protocol.DatasetRef;
import org.trainex.jobs.protocol.TaskResult;
import org.trainex.shared.api.Blobs;
import org.trainex.shared.api.ContentId;
import org.trainex.shared.api.InvalidInputException;
import org.trainex.shared.api.NotFoundException;
import org.trainex.shared.api.WalletAddress;

/**
 * Initiators post data requests; contributors submit proposals that the server reads and checks against the
 * request's schema before storing them (DataBright, seed 000, Section 2). Curation of the proposals comes next.
 */
@Stateless
public class DataRequestService implements DataRequests {
    private static final Logger LOG = Logger.getLogger(DataRequestService.class.getName());
    static final double DEFAULT_THRESHOLD = 0.5;
    static final double DEFAULT_QUORUM = 0.1;
    static final long DEFAULT_VOTING_PERIOD_SECONDS = 86_400;

    @Inject
    DataRequestRepository requests;
    @Inject
    Blobs blobs;
    @Inject
    DatasetRepository datasets;
    @Inject
    TaskDispatcher dispatcher;

    /** Oracle check: samples of a proposal whose labels are predicted, epochs and batch of the reference model. */
    static final int ORACLE_SAMPLES = 1000;
    static final int ORACLE_EPOCHS = 2;
    static final int ORACLE_BATCH = 32;
    private static final SecureRandom SEEDS = new SecureRandom();

    @Override
    public DataRequestView create(CreateDataRequestCommand c, String initiator) {
        if (c == null) {
            throw new InvalidInputException("a data request needs a JSON body");
        }
        if (c.imageRows() == null || c.imageColumns() == null || c.targetSamples() == null) {
            throw new InvalidInputException("imageRows, imageColumns and targetSamples are required");
        }
        DataRequest r = new DataRequest(UUID.randomUUID(), initiator, c.title(), c.description(), c.imageRows(),
                c.imageColumns(), c.labels(), c.targetSamples(),
                c.voteThreshold() == null ? DEFAULT_THRESHOLD : c.voteThreshold(),
                c.quorum() == null ? DEFAULT_QUORUM : c.quorum(),
                c.votingPeriodSeconds() == null ? DEFAULT_VOTING_PERIOD_SECONDS : c.votingPeriodSeconds(),
                c.deadline(), Instant.now());
        if (c.referenceDatasetId() != null || c.oracleThreshold() != null) {
            if (c.referenceDatasetId() != null) {
                DatasetView ref = datasets.find(c.referenceDatasetId()).map(Dataset::toView).orElseThrow(
                        () -> new NotFoundException("no dataset " + c.referenceDatasetId() + " to use as reference"));
                if (ref.rows() != c.imageRows() || ref.columns() != c.imageColumns()) {
                    throw new InvalidInputException("the reference dataset's images are " + ref.rows() + "x"
                            + ref.columns() + ", the request wants " + c.imageRows() + "x" + c.imageColumns());
                }
            }
            r.useOracle(c.referenceDatasetId(), c.oracleThreshold() == null ? 0.5 : c.oracleThreshold());
        }
        requests.add(r);
        LOG.info(() -> "data request " + r.id() + " '" + c.title() + "' posted by " + initiator);
        return r.toView(0);
    }

    @Override
    public DataRequestView get(UUID id) {
        return found(id).toView(requests.countProposals(id));
    }

    @Override
    public List<DataRequestView> list() {
        return requests.list().stream().map(r -> r.toView(requests.countProposals(r.id()))).toList();
    }

    @Override
    public DataProposalView submit(UUID requestId, SubmitProposalCommand c, String contributor) {
        DataRequest request = found(requestId);
        if (c == null || c.imagesCid() == null || c.labelsCid() == null || c.contributorWallet() == null) {
            throw new InvalidInputException("a proposal needs contributorWallet, imagesCid, labelsCid and license");
        }
        WalletAddress wallet = WalletAddress.of(c.contributorWallet());
        ContentId images = ContentId.of(c.imagesCid());
        ContentId labels = ContentId.of(c.labelsCid());
        if (requests.hasProposal(requestId, images, labels)) {
            throw new InvalidInputException("this dataset was already proposed to request " + requestId);
        }
        IdxInspector.Summary data = DatasetBlobs.inspect(blobs, images, labels);
        Instant now = Instant.now();
        request.accepts(data, now);
        DataProposal p = new DataProposal(UUID.randomUUID(), requestId, contributor, wallet, images, labels, data,
                c.license(), now);
        requests.add(p);
        askOracle(request, p, images, labels, data);
        DataProposalView v = p.toView();
        LOG.info(() -> "proposal " + v.id() + " to request " + requestId + " by " + contributor + ": "
                + data.samples() + " samples");
        return v;
    }

    @Override
    public List<DataProposalView> proposals(UUID requestId) {
        found(requestId);
        return requests.proposalsOf(requestId).stream().map(DataProposal::toView).toList();
    }

    /**
     * Sends the proposal to a runner that trains (or reuses) the reference model and predicts a sample of the
     * proposal's labels (DataBright, seed 000, Section 2: voting delegated to an oracle). The seed is drawn now,
     * after the proposal's content is fixed, so a contributor cannot know which samples are checked.
     */
    private void askOracle(DataRequest request, DataProposal p, ContentId images, ContentId labels,
                           IdxInspector.Summary data) {
        if (request.referenceDatasetId() == null) {
            p.oracleAbstains("the request names no reference dataset");
            return;
        }
        DatasetView ref = datasets.find(request.referenceDatasetId()).map(Dataset::toView).orElseThrow();
        int classes = Math.max(ref.classes(), data.classes());
        UUID taskId = UUID.randomUUID();
        p.awaitOracle(taskId);
        dispatcher.dispatch(new ClassifyTask(taskId, p.id(), ReferenceModels.mlpConfig(),
                new DatasetRef(ref.imagesCid(), ref.labelsCid(), ref.sampleCount(), ref.rows(), ref.columns(), classes),
                new DatasetRef(images.value(), labels.value(), data.samples(), data.rows(), data.columns(), classes),
                Math.min(ORACLE_SAMPLES, data.samples()), ORACLE_EPOCHS, ORACLE_BATCH, SEEDS.nextLong()));
    }

    @Override
    public boolean recordOracleResult(TaskResult r) {
        Optional<DataProposal> found = requests.lockProposal(r.jobId());
        if (found.isEmpty()) {
            LOG.warning(() -> "oracle result of task " + r.taskId() + " names unknown proposal " + r.jobId());
            return false;
        }
        DataProposal p = found.get();
        DataRequest request = found(p.requestId());
        boolean changed = r.status() == TaskResult.Status.SUCCEEDED
                ? p.oracleChecked(r.taskId(), r.accuracy(), request.oracleThreshold(), r.modelCid(), (int) r.samples())
                : p.oracleFailed(r.taskId(), r.error());
        if (changed) {
            LOG.info(() -> "oracle on proposal " + p.id() + ": " + p.toView().oracleVote() + " ("
                    + p.toView().oracleNote() + ")");
        }
        return changed;
    }

    private DataRequest found(UUID id) {
        return requests.find(id).orElseThrow(() -> new NotFoundException("no data request " + id));
    }

    @Override
    public boolean withheldFromRunners(String cid) {
        return requests.onlyInRejectedProposals(cid);
    }

    @Override
    public DataProposalView proposal(UUID proposalId) {
        return requests.findProposal(proposalId).map(DataProposal::toView)
                .orElseThrow(() -> new NotFoundException("no data proposal " + proposalId));
    }

    @Override
    public byte[] preview(UUID proposalId, int count) {
        if (count < 1 || count > org.trainex.datamarket.domain.IdxPreview.MAX_IMAGES) {
            throw new InvalidInputException("count must be in 1.." + org.trainex.datamarket.domain.IdxPreview.MAX_IMAGES);
        }
        DataProposal p = requests.findProposal(proposalId)
                .orElseThrow(() -> new NotFoundException("no data proposal " + proposalId));
        try (java.io.InputStream in = blobs.open(p.images())) {
            return org.trainex.datamarket.domain.IdxPreview.png(in, count, 10);
        } catch (java.io.IOException e) {
            throw new InvalidInputException("cannot render proposal " + proposalId + ": " + e.getMessage());
        }
    }
}
