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
     *                                                      closed or past its deadline, "N of M samples duplicate
     *                                                      accepted registry data"); nothing stored
     * @throws org.trainex.shared.api.NotFoundException     if the request or a blob is unknown
     */
    DataProposalView submit(UUID requestId, SubmitProposalCommand command, String contributor);

    /**
     * Closes a request: it takes no new proposals; proposals already submitted finish their vote and tally (their
     * contributors may withdraw them before). Issue 11 item 4.
     *
     * @param principal who closes it
     * @param admin     whether the principal is an admin
     * @throws org.trainex.shared.api.NotFoundException     if the request is unknown
     * @throws org.trainex.shared.api.AccessDeniedException if the principal is neither its initiator nor an admin
     * @throws org.trainex.shared.api.InvalidInputException if it is already closed
     */
    DataRequestView close(UUID requestId, String principal, boolean admin);

    /**
     * Withdraws a proposal before it is decided: WITHDRAWN, never tallied, never in the registry. Issue 11 item 4.
     *
     * @throws org.trainex.shared.api.NotFoundException     if the proposal is unknown or not of this request
     * @throws org.trainex.shared.api.AccessDeniedException if the principal is neither its contributor nor an admin
     * @throws org.trainex.shared.api.InvalidInputException if it is already decided or withdrawn
     */
    DataProposalView withdraw(UUID requestId, UUID proposalId, String principal, boolean admin);

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
