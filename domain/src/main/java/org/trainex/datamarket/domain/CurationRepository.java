package org.trainex.datamarket.domain;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Curators, their votes and the tallies' ballots. */
public interface CurationRepository {
    Optional<CuratorAccount> account(String username);

    Optional<CuratorAccount> accountOfWallet(String wallet);

    void add(CuratorAccount account);

    /** Accounts that delegated (delegate not null). */
    List<CuratorAccount> delegators();

    void add(CurationVote vote);

    List<CurationVote> votesOn(UUID proposalId);

    Optional<CurationVote> voteOf(UUID proposalId, String username);

    void add(CurationBallot ballot);

    List<CurationBallot> ballotsOf(UUID proposalId);

    void add(CuratorTokenGrant grant);

    Optional<CuratorTokenGrant> lockGrant(UUID id);

    List<CuratorTokenGrant> grantsOf(String wallet);

    /** SUBMITTED proposals whose vote is not open yet, oldest first. */
    List<DataProposal> awaitingVote(int limit);

    /** SUBMITTED proposals whose voting period ended by {@code now}, oldest first. */
    List<DataProposal> dueForTally(Instant now, int limit);

    /** SUBMITTED proposals with an open vote, by end of voting. */
    List<DataProposal> openForVoting(Instant now);
}
