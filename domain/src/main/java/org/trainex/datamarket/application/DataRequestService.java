package org.trainex.datamarket.application;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.logging.Logger;
import org.trainex.datamarket.api.CreateDataRequestCommand;
import org.trainex.datamarket.api.DataProposalView;
import org.trainex.datamarket.api.DataRequestView;
import org.trainex.datamarket.api.DataRequests;
import org.trainex.datamarket.api.SubmitProposalCommand;
import org.trainex.datamarket.domain.DataProposal;
import org.trainex.datamarket.domain.DataRequest;
import org.trainex.datamarket.domain.DataRequestRepository;
import org.trainex.datamarket.domain.IdxInspector;
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

    private DataRequest found(UUID id) {
        return requests.find(id).orElseThrow(() -> new NotFoundException("no data request " + id));
    }
}
