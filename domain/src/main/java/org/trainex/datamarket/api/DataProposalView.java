package org.trainex.datamarket.api;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A data proposal as clients see it.
 *
 * @param id                proposal id
 * @param requestId         the data request
 * @param contributor       who submitted it
 * @param contributorWallet checksummed wallet of the future shareholder
 * @param imagesCid         IDX images blob
 * @param labelsCid         IDX labels blob
 * @param sampleCount       samples, counted by the server
 * @param labelHistogram    samples per label, index = label
 * @param license           licence
 * @param state             SUBMITTED (curation comes next), ACCEPTED, REJECTED, or WITHDRAWN by its contributor
 *                          (never tallied, never enters the registry)
 * @param createdAt         when submitted
 * @param oracleVote        PENDING (a runner is checking), YES, NO or ABSTAIN (no reference, or the check failed)
 * @param oracleAgreement   fraction of the sampled labels the oracle predicted alike, [0, 1], once known
 * @param oracleNote        why the oracle abstained, or what it checked
 * @param snapshotBlock     block whose end state gives the curators' weights, once the vote is open
 * @param votingEnds        end of the voting period
 * @param yesVotes          CuratorToken base units that voted yes (decimal), once tallied
 * @param noVotes           base units that voted no (decimal), once tallied
 * @param supplyAtSnapshot  token supply at the snapshot (the quorum base), once tallied
 * @param decidedAt         when tallied
 * @param decisionNote      the tally in words (threshold, quorum)
 * @param datasetId         the dataset an accepted proposal became (its registry entry names it)
 * @param ballotsRoot       Merkle root of the ballots recorded on CurationVoting
 * @param tallyTxHash       transaction that recorded the tally on chain
 * @param tallyBlock        its block
 * @param format            IDX_IMAGES, or CSV (then imagesCid = labelsCid = the CSV blob)
 * @param oracleReferenceAccuracy the oracle model's accuracy on held-out reference samples, [0, 1], once known
 * @param withdrawnAt       when its contributor withdrew it, or null
 */
public record DataProposalView(UUID id, UUID requestId, String contributor, String contributorWallet,
                               String imagesCid, String labelsCid, int sampleCount, List<Long> labelHistogram,
                               String license, String state, Instant createdAt, String oracleVote,
                               Double oracleAgreement, String oracleNote, Long snapshotBlock, Instant votingEnds,
                               String yesVotes, String noVotes, String supplyAtSnapshot, Instant decidedAt,
                               String decisionNote, UUID datasetId, String ballotsRoot, String tallyTxHash,
                               Long tallyBlock, String format,
                               Double oracleReferenceAccuracy, Instant withdrawnAt) {
}
