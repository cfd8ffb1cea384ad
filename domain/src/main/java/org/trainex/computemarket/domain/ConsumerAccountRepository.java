package org.trainex.computemarket.domain;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Consumers' payment wallets, and the sums of their orders' escrow that coverage checks need (wei). */
public interface ConsumerAccountRepository {
    void add(ConsumerAccount account);

    Optional<ConsumerAccount> find(String consumer);

    /** The account, locked for update (serialises a consumer's coverage checks). */
    Optional<ConsumerAccount> lock(String consumer);

    Optional<ConsumerAccount> findByWallet(String wallet);

    List<ConsumerAccount> all();

    /** Sum of the maximum prices of {@code wallet}'s orders awaiting bids, except {@code excluding} (may be null). */
    BigInteger awaitingWei(String wallet, UUID excluding);

    /** Sum of the maximum prices of {@code wallet}'s matched orders whose escrow lock is not mined yet. */
    BigInteger lockingWei(String wallet);

    /** Priced orders whose lock is mined: id, lock wei, settled (release or refund mined). */
    record LockedOrder(UUID orderId, BigInteger lockedWei, String lockTxHash, boolean settled) {
    }

    /** Providers with a payout wallet (whose stake the reconciler mirrors). */
    List<String> providersWithWallet();

    /** Every priced order whose escrow lock was mined. */
    List<LockedOrder> lockedOrders();
}
