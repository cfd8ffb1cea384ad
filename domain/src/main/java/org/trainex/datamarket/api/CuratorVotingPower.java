package org.trainex.datamarket.api;

import java.math.BigInteger;
import org.trainex.shared.api.WalletAddress;

/**
 * Read port to the CuratorToken's vote checkpoints on chain (ERC20Votes / ERC-5805), implemented by the chain
 * gateway. A curator's weight on a proposal is its voting power at the proposal's snapshot block, so tokens moved
 * after the snapshot cannot vote twice (issue 4, item 3; DataBright, seed 000, Section 2).
 *
 * <p>Units: block numbers (the token's ERC-6372 clock); voting power and supply in CuratorToken base units
 * (18 decimals).
 */
public interface CuratorVotingPower {
    /**
     * The number of the latest mined block.
     *
     * @throws org.trainex.shared.api.ChainUnavailableException if the node does not answer or the contracts are
     *                                                          not deployed yet
     */
    long latestBlock();

    /**
     * Voting power delegated to {@code holder} at the end of block {@code blockNumber}: {@code getPastVotes} when
     * the block is in the past, {@code getVotes} when it is still the latest block (no later block exists, so the
     * current power is the power at its end).
     *
     * @throws IllegalArgumentException                         if {@code blockNumber} lies beyond the latest block
     * @throws org.trainex.shared.api.ChainUnavailableException if the node does not answer
     */
    BigInteger votesAt(WalletAddress holder, long blockNumber);

    /**
     * Total CuratorToken supply at the end of block {@code blockNumber} ({@code getPastTotalSupply}, or
     * {@code totalSupply} for the latest block): the base of the quorum.
     *
     * @throws IllegalArgumentException                         if {@code blockNumber} lies beyond the latest block
     * @throws org.trainex.shared.api.ChainUnavailableException if the node does not answer
     */
    BigInteger totalSupplyAt(long blockNumber);
}
