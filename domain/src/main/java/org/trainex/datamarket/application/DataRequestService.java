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
import org.trainex.datamarket.domain.OracleRule;
import org.trainex.shared.api.AccessDeniedException;
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
    @Inject
    SampleDedup dedup;

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
        boolean csv = "CSV".equals(c.format());
        if (!csv && (c.imageRows() == null || c.imageColumns() == null) || c.targetSamples() == null) {
            throw new InvalidInputException(csv ? "targetSamples is required"
                    : "imageRows, imageColumns and targetSamples are required");
        }
        DataRequest r = new DataRequest(UUID.randomUUID(), initiator, c.title(), c.description(),
                csv ? 1 : c.imageRows(), csv ? 1 : c.imageColumns(), c.labels(), c.targetSamples(),
                c.voteThreshold() == null ? DEFAULT_THRESHOLD : c.voteThreshold(),
                c.quorum() == null ? DEFAULT_QUORUM : c.quorum(),
                c.votingPeriodSeconds() == null ? DEFAULT_VOTING_PERIOD_SECONDS : c.votingPeriodSeconds(),
                c.deadline(), Instant.now());
        if (c.format() != null && !c.format().isBlank() && !"IDX_IMAGES".equals(c.format())) {
            if (!"CSV".equals(c.format())) {
                throw new InvalidInputException("format must be IDX_IMAGES or CSV, got " + c.format());
            }
            r.useCsvSchema(c.columns(), c.labelColumn());
        }
        if (c.referenceDatasetId() != null || c.oracleThreshold() != null || c.oracleRelativeThreshold() != null) {
            if (c.referenceDatasetId() != null) {
                DatasetView ref = datasets.find(c.referenceDatasetId()).map(Dataset::toView).orElseThrow(
                        () -> new NotFoundException("no dataset " + c.referenceDatasetId() + " to use as reference"));
                if (ref.rows() != c.imageRows() || ref.columns() != c.imageColumns()) {
                    throw new InvalidInputException("the reference dataset's images are " + ref.rows() + "x"
                            + ref.columns() + ", the request wants " + c.imageRows() + "x" + c.imageColumns());
                }
            }
            r.useOracle(c.referenceDatasetId(), c.oracleThreshold() == null ? 0.5 : c.oracleThreshold(),
                    c.oracleRelativeThreshold() == null ? OracleRule.configuredDefault() : c.oracleRelativeThreshold());
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
        if (request.format() == DataRequest.Format.CSV) {
            return submitCsv(request, c, contributor);
        }
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
        refuseCopies(dedup.check(images, null));
        DataProposal p = new DataProposal(UUID.randomUUID(), requestId, contributor, wallet, images, labels, data,
                c.license(), now);
        requests.add(p);
        askOracle(request, p, images, labels, data);
        DataProposalView v = p.toView();
        LOG.info(() -> "proposal " + v.id() + " to request " + requestId + " by " + contributor + ": "
                + data.samples() + " samples");
        return v;
    }

    private DataProposalView submitCsv(DataRequest request, SubmitProposalCommand c, String contributor) {
        if (c == null || c.dataCid() == null || c.contributorWallet() == null) {
            throw new InvalidInputException("a proposal to a CSV request needs contributorWallet, dataCid (the CSV "
                    + "blob) and license");
        }
        WalletAddress wallet = WalletAddress.of(c.contributorWallet());
        ContentId data = ContentId.of(c.dataCid());
        if (requests.hasProposal(request.id(), data, data)) {
            throw new InvalidInputException("this dataset was already proposed to request " + request.id());
        }
        blobs.find(data).orElseThrow(() -> new NotFoundException("no blob " + data + "; upload it first"));
        IdxInspector.Summary summary;
        try (java.io.InputStream in = blobs.open(data)) {
            summary = org.trainex.datamarket.domain.CsvInspector.inspect(in, request.csvColumns(),
                    request.csvLabelColumn(), new java.util.HashSet<>(request.labels()));
        } catch (java.io.IOException e) {
            throw new InvalidInputException("cannot read blob " + data + ": " + e.getMessage());
        }
        Instant now = Instant.now();
        request.accepts(summary, now);
        refuseCopies(dedup.check(data, request.csvLabelColumn()));
        DataProposal p = new DataProposal(UUID.randomUUID(), request.id(), contributor, wallet, data, data, summary,
                c.license(), now).asCsv();
        requests.add(p);
        p.oracleAbstains("the oracle classifies images; CSV proposals are curated by people");
        LOG.info(() -> "CSV proposal " + p.id() + " to request " + request.id() + " by " + contributor + ": "
                + summary.samples() + " rows");
        return p.toView();
    }

    /**
     * Refuses a proposal with samples that duplicate accepted registry data or each other (issue 11 item 3).
     *
     * @throws InvalidInputException "N of M samples duplicate accepted registry data (...)"
     */
    private static void refuseCopies(SampleDedup.Check check) {
        if (!check.clean()) {
            throw new InvalidInputException("proposal refused: " + check.refusal());
        }
    }

    @Override
    public DataRequestView close(UUID requestId, String principal, boolean admin) {
        DataRequest r = requests.lock(requestId).orElseThrow(() -> new NotFoundException("no data request "
                + requestId));
        if (!admin && !r.initiator().equals(principal)) {
            throw new AccessDeniedException("only the initiator who posted data request " + requestId
                    + " or an admin may close it");
        }
        if (r.state() != DataRequest.State.OPEN) {
            throw new InvalidInputException("data request " + requestId + " is already " + r.state());
        }
        r.close(principal, Instant.now());
        LOG.info(() -> "data request " + requestId + " closed by " + principal + (admin ? " (admin)" : ""));
        return r.toView(requests.countProposals(requestId));
    }

    @Override
    public DataProposalView withdraw(UUID requestId, UUID proposalId, String principal, boolean admin) {
        DataProposal p = requests.lockProposal(proposalId)
                .filter(x -> x.requestId().equals(requestId))
                .orElseThrow(() -> new NotFoundException("no data proposal " + proposalId + " in request "
                        + requestId));
        if (!admin && !p.contributor().equals(principal)) {
            throw new AccessDeniedException("only the contributor who submitted proposal " + proposalId
                    + " or an admin may withdraw it");
        }
        if (p.state() != DataProposal.State.SUBMITTED) {
            throw new InvalidInputException("proposal " + proposalId + " is already " + p.state()
                    + "; only a proposal not yet decided can be withdrawn");
        }
        p.withdraw(Instant.now());
        LOG.info(() -> "proposal " + proposalId + " withdrawn by " + principal + (admin ? " (admin)" : ""));
        return p.toView();
    }

    @Override
    public List<DataProposalView> proposals(UUID requestId) {
        found(requestId);
        return requests.proposalsOf(requestId).stream().map(DataProposal::toView).toList();
    }

    /**
     * Sends the proposal to a runner that trains (or reuses) the reference model and predicts a sample of the
     * proposal's labels (DataBright, seed 000, Section 2: voting delegated to an oracle). The reference is the
     * initiator's reference dataset, else the largest proposal already accepted for the request; without either
     * the oracle abstains. The seed is drawn now,
     * after the proposal's content is fixed, so a contributor cannot know which samples are checked.
     */
    private void askOracle(DataRequest request, DataProposal p, ContentId images, ContentId labels,
                           IdxInspector.Summary data) {
        Optional<DatasetView> reference = request.referenceDatasetId() != null
                ? datasets.find(request.referenceDatasetId()).map(Dataset::toView)
                : requests.proposalsOf(request.id()).stream().map(DataProposal::toView)
                        .filter(v -> "ACCEPTED".equals(v.state()) && v.datasetId() != null)
                        .max(java.util.Comparator.comparingInt(DataProposalView::sampleCount))
                        .flatMap(v -> datasets.find(v.datasetId())).map(Dataset::toView);
        if (reference.isEmpty()) {
            p.oracleAbstains("the request names no reference dataset and has no accepted data yet");
            return;
        }
        DatasetView ref = reference.get();
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
                ? p.oracleChecked(r.taskId(), r.accuracy(), r.referenceAccuracy(), request.oracleThreshold(),
                        request.oracleRelativeThreshold(), r.modelCid(), (int) r.samples())
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
        if ("CSV".equals(p.format())) {
            throw new InvalidInputException("proposal " + proposalId + " is CSV: its preview is its first rows "
                    + "(GET /api/data-proposals/" + proposalId + "/rows)");
        }
        try (java.io.InputStream in = blobs.open(p.images())) {
            return org.trainex.datamarket.domain.IdxPreview.png(in, count, 10);
        } catch (java.io.IOException e) {
            throw new InvalidInputException("cannot render proposal " + proposalId + ": " + e.getMessage());
        }
    }

    @Override
    public List<List<String>> rows(UUID proposalId, int count) {
        if (count < 1 || count > 100) {
            throw new InvalidInputException("count must be in 1..100");
        }
        DataProposal p = requests.findProposal(proposalId)
                .orElseThrow(() -> new NotFoundException("no data proposal " + proposalId));
        if (!"CSV".equals(p.format())) {
            throw new InvalidInputException("proposal " + proposalId + " holds images: its preview is "
                    + "GET /api/data-proposals/" + proposalId + "/preview.png");
        }
        try (java.io.InputStream in = blobs.open(p.images())) {
            return org.trainex.datamarket.domain.CsvInspector.head(in, count);
        } catch (java.io.IOException e) {
            throw new InvalidInputException("cannot read proposal " + proposalId + ": " + e.getMessage());
        }
    }
}
