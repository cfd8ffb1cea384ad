package org.trainex.datamarket.api;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Curation of data proposals (DataBright, seed 000, Section 2; issue 4 item 3): curators link a wallet, vote yes/no
 * with their CuratorToken voting power at each proposal's snapshot block, or delegate that power to another curator
 * or to the oracle; at the end of the voting period the tally applies the request's threshold and quorum.
 */
public interface Curation {
    /** Delegate value for the oracle. */
    String ORACLE = "ORACLE";

    /**
     * A curator's account.
     *
     * @param username     SSO user name
     * @param wallet       linked wallet (checksummed), null before linking
     * @param delegate     null (votes itself), {@code ORACLE}, or a curator's wallet
     * @param votingPower  CuratorToken base units delegated to the wallet now (decimal), null if the chain cannot be
     *                     read or no wallet is linked
     * @param linkMessage  the text to sign (EIP-191) to link a wallet, for a wallet given in the request, else a
     *                     template with {@code <wallet>}
     */
    record CuratorView(String username, String wallet, String delegate, String votingPower, String linkMessage) {
    }

    /**
     * A proposal in a curator's queue.
     *
     * @param proposal     the proposal
     * @param requestTitle its data request's title
     * @param myVote       "YES", "NO" or null
     * @param myWeight     the caller's weight at the snapshot (decimal base units), null if unknown
     * @param canVote      whether the caller may vote now (not its own, not yet voted, open, has weight)
     * @param whyNot       reason when it cannot
     */
    record QueueItem(DataProposalView proposal, String requestTitle, String myVote, String myWeight, boolean canVote,
                     String whyNot) {
    }

    /** A vote as recorded: weight in CuratorToken base units (decimal). */
    record VoteView(UUID proposalId, String username, String wallet, boolean support, String weight, long snapshotBlock,
                    Instant castAt) {
    }

    /** A ballot of a decided proposal: the holder whose weight counted, its choice and who cast it. */
    record BallotView(String holder, boolean support, String weight, String castBy) {
    }

    /**
     * A curator token grant: {@code amount} base units minted to {@code holder} on chain.
     *
     * @param txHash null until the mint is confirmed
     */
    record GrantView(UUID id, String holder, String amount, Instant createdAt, String txHash, Long blockNumber) {
    }

    /** The caller's account (wallet null before linking). */
    CuratorView me(String username);

    /**
     * Links {@code wallet} to the account after checking that it signed {@code linkMessage(username, wallet)}
     * (EIP-191). Linking another wallet replaces the link and clears the delegation.
     *
     * @throws org.trainex.shared.api.InvalidInputException if the wallet or signature is malformed, the signature was
     *                                                      made by another key, or the wallet is linked to another
     *                                                      account; nothing changes
     */
    CuratorView linkWallet(String username, String wallet, String signatureHex);

    /**
     * Delegates the caller's voting power: {@code null}/blank = vote yourself, {@code "oracle"}, or a wallet linked
     * to another curator.
     *
     * @throws org.trainex.shared.api.InvalidInputException if no wallet is linked, the target is the caller's own
     *                                                      wallet or no curator's wallet
     */
    CuratorView delegate(String username, String target);

    /** Proposals open for voting, soonest end first, with the caller's position. */
    List<QueueItem> queue(String username);

    /**
     * Casts the caller's vote with its voting power at the proposal's snapshot block.
     *
     * @throws org.trainex.shared.api.NotFoundException      if the proposal is unknown
     * @throws org.trainex.shared.api.AccessDeniedException  if the caller contributed the proposal (self-vote ban)
     * @throws org.trainex.shared.api.InvalidInputException  if no wallet is linked, the vote is not open (not yet,
     *                                                       ended, decided), the caller already voted, or its
     *                                                       power at the snapshot is 0
     * @throws org.trainex.shared.api.ChainUnavailableException if the weight cannot be read from the chain
     */
    VoteView vote(UUID proposalId, boolean support, String username);

    /** Direct votes on a proposal, in order. @throws org.trainex.shared.api.NotFoundException if unknown */
    List<VoteView> votes(UUID proposalId);

    /** A decided proposal's ballots (empty before the tally). */
    List<BallotView> ballots(UUID proposalId);

    /**
     * Grants curator tokens (admin): minted on chain through the outbox.
     *
     * @throws org.trainex.shared.api.InvalidInputException if the wallet is malformed or the amount not positive
     */
    GrantView grantTokens(String holderWallet, BigInteger amount, String admin);

    /** Grants to a wallet, oldest first. */
    List<GrantView> grantsOf(String wallet);
}
