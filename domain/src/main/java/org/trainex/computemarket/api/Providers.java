package org.trainex.computemarket.api;

import java.util.List;
import java.util.UUID;

/**
 * Providers' runners and bids (DKLabs, seed 002, Section 7.2; issue 5 item 2).
 */
public interface Providers {
    /**
     * Registers a runner or updates its registration (a restart). The runner is {@code caller}, as its runner key
     * proves: it may register only itself, and only for the provider that issued its key (issue 11 item 6). Its
     * claimed capacity must be at most {@link org.trainex.computemarket.domain.Runner#maxClaim()} samples/s; until
     * the exchange has measured it, it is matched by at most
     * {@link org.trainex.computemarket.domain.Runner#unmeasuredCap()}.
     *
     * @throws org.trainex.shared.api.AccessDeniedException if {@code runnerId} is not the caller's runner, or the
     *                                                      command names another provider than the key's
     * @throws org.trainex.shared.api.InvalidInputException naming the bad field
     */
    RunnerView register(RunnerIdentity caller, String runnerId, RegisterRunnerCommand command);

    /**
     * A runner's heartbeat.
     *
     * @throws org.trainex.shared.api.AccessDeniedException if {@code runnerId} is not the caller's runner
     * @throws org.trainex.shared.api.NotFoundException     if the runner is not registered (it registers again)
     */
    void heartbeat(RunnerIdentity caller, String runnerId, boolean busy, UUID taskId);

    /** Every runner, by provider and id. */
    List<RunnerView> runners();

    /**
     * Posts a bid for runners of {@code provider}.
     *
     * @throws org.trainex.shared.api.InvalidInputException if a runner is unknown, not the provider's, not ACTIVE,
     *                                                      the capacity exceeds the runners' effective capacity, the
     *                                                      runners' regions differ from the bid's, or a field is bad
     */
    BidView postBid(PostBidCommand command, String provider);

    /**
     * Cancels an OPEN bid of {@code provider}.
     *
     * @throws org.trainex.shared.api.NotFoundException     if unknown
     * @throws org.trainex.shared.api.AccessDeniedException if another provider's
     * @throws org.trainex.shared.api.InvalidInputException if no longer OPEN
     */
    BidView cancelBid(UUID bidId, String provider);

    /** The order book: OPEN bids in price-time priority. */
    List<BidView> book();

    /** The message a provider's wallet signs (EIP-191) to become its payout wallet. */
    static String walletMessage(String provider, String wallet) {
        return org.trainex.governance.api.Identities.linkMessage(
                org.trainex.governance.api.IdentityRole.PROVIDER, provider, wallet);
    }

    /**
     * Links the payout wallet (when new, its signature is checked) and reads the wallet's stake from the chain: the
     * provider stakes from its own wallet ({@code ComputeEscrow.stake()}, e.g. {@code ./trainex wallet stake}); the
     * exchange never stakes on its behalf (issue 11 item 1). The account's stake becomes the wallet's active stake on
     * chain and the ledger mirrors the change ({@code wallet:W} to {@code stake:P}). Bids need a wallet and at least
     * {@code TRAINEX_MIN_STAKE_WEI} staked.
     *
     * @throws org.trainex.shared.api.InvalidInputException if the wallet or signature is malformed, the signature is
     *                                                      not the wallet's, or an amount is given; nothing changes
     * @throws org.trainex.shared.api.ChainUnavailableException if the chain cannot be read
     */
    ProviderAccountView stake(StakeCommand command, String provider);

    /** The provider's wallet, stake and earnings (an empty account if it never staked). */
    ProviderAccountView account(String provider);
}
