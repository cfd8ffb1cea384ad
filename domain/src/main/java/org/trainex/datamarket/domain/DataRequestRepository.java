package org.trainex.datamarket.domain;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.trainex.shared.api.ContentId;

/** Data requests and their proposals. */
public interface DataRequestRepository {
    void add(DataRequest request);

    void add(DataProposal proposal);

    Optional<DataRequest> find(UUID id);

    /** The request, locked for update until the transaction ends. */
    Optional<DataRequest> lock(UUID id);

    /** Newest first. */
    List<DataRequest> list();

    /** Oldest first. */
    List<DataProposal> proposalsOf(UUID requestId);

    long countProposals(UUID requestId);

    boolean hasProposal(UUID requestId, ContentId images, ContentId labels);

    /** The proposal, locked for update until the transaction ends. */
    Optional<DataProposal> lockProposal(UUID id);

    /**
     * Whether blob {@code cid} is content of a REJECTED or WITHDRAWN proposal and of no dataset (accepted or registered data):
     * such blobs are kept for audit but never served to runners (issue 4 item 4).
     */
    boolean onlyInRejectedProposals(String cid);

    Optional<DataProposal> findProposal(UUID id);
}
