package org.trainex.datamarket.api;

import java.util.List;
import java.util.UUID;
import org.trainex.jobs.protocol.TaskResult;

/** The data market's requests and proposals (DataBright, seed 000, Section 2). */
public interface DataRequests {
    /**
     * Posts a data request.
     *
     * @throws org.trainex.shared.api.InvalidInputException naming the first invalid field (nothing stored)
     */
    DataRequestView create(CreateDataRequestCommand command, String initiator);

    /** @throws org.trainex.shared.api.NotFoundException if unknown */
    DataRequestView get(UUID id);

    /** Newest first. */
    List<DataRequestView> list();

    /**
     * Submits a proposal after reading its blobs: IDX format, image size and labels must match the request's
     * schema; the server counts the samples.
     *
     * @throws org.trainex.shared.api.InvalidInputException with the precise reason (wrong dimensions, labels outside
     *                                                      the label set, truncated file, wrong header, request
     *                                                      closed or past its deadline); nothing stored
     * @throws org.trainex.shared.api.NotFoundException     if the request or a blob is unknown
     */
    DataProposalView submit(UUID requestId, SubmitProposalCommand command, String contributor);

    /** Proposals of a request, oldest first. @throws org.trainex.shared.api.NotFoundException if unknown */
    List<DataProposalView> proposals(UUID requestId);

    /**
     * Records the oracle's check of a proposal (a CLASSIFY result whose job id is the proposal id) exactly once:
     * agreement below the request's threshold is a no, a failed check an abstention.
     *
     * @return true if it changed the proposal, false for unknown, stale or duplicate results
     */
    boolean recordOracleResult(TaskResult result);

    /**
     * Whether a blob must not be served to runners: it is content of a rejected proposal only (kept for audit;
     * issue 4 item 4).
     */
    boolean withheldFromRunners(String cid);

    /** One proposal. @throws org.trainex.shared.api.NotFoundException if unknown */
    DataProposalView proposal(UUID proposalId);

    /**
     * A PNG grid of a proposal's first {@code count} images (at most 100), 10 per row.
     *
     * @throws org.trainex.shared.api.NotFoundException     if the proposal is unknown
     * @throws org.trainex.shared.api.InvalidInputException if count is outside 1..100
     */
    byte[] preview(UUID proposalId, int count);

    /**
     * The header and first {@code count} rows of a CSV proposal.
     *
     * @throws org.trainex.shared.api.NotFoundException     if the proposal is unknown
     * @throws org.trainex.shared.api.InvalidInputException if it is not CSV or count is outside 1..100
     */
    List<List<String>> rows(UUID proposalId, int count);
}
