package org.trainex.computemarket.api;

import java.math.BigInteger;
import java.util.UUID;
import org.trainex.shared.api.ChainUnavailableException;
import org.trainex.shared.api.WalletAddress;

/**
 * Reads of the escrow contract's balances on chain ({@code ComputeEscrow}: {@code depositOf}, {@code stakeOf},
 * {@code order}), the source of truth that the exchange's ledger mirrors (issue 11 item 1: every wei that enters
 * escrow or stake comes from the wallet it is credited to; the exchange refuses what the chain does not cover and
 * reconciles on-chain and off-chain balances). Implemented by the chain gateway; every method reads the latest
 * block and throws {@link ChainUnavailableException} when the node cannot be read or the contracts are not deployed
 * yet (nothing is read; callers retry or answer 503). Amounts are wei.
 */
public interface EscrowAccounts {
    /** A provider's stake on chain: active and pending (unstaking) wei. */
    record Stake(BigInteger activeWei, BigInteger pendingWei) {
    }

    /** An order on chain: its consumer wallet, locked wei and status ({@code None}, {@code Locked}, ...). */
    record OnChainOrder(String consumer, BigInteger amountWei, String status) {
    }

    /** Wei that {@code consumer} deposited from its own wallet and that is not locked or withdrawn. */
    BigInteger depositOf(WalletAddress consumer);

    /** The stake {@code provider} sent from its own wallet. */
    Stake stakeOf(WalletAddress provider);

    /** The escrow of order {@code orderId} (status {@code None} if the chain has no such order). */
    OnChainOrder order(UUID orderId);

    /** Whether the current chain has a receipt for {@code txHash} (false after a dev chain was restarted). */
    boolean hasReceipt(String txHash);
}
