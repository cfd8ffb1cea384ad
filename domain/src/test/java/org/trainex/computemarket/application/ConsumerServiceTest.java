package org.trainex.computemarket.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.trainex.computemarket.api.EscrowAccounts;
import org.trainex.computemarket.domain.ConsumerAccount;
import org.trainex.computemarket.domain.ConsumerAccountRepository;
import org.trainex.shared.api.InvalidInputException;
import org.trainex.shared.api.Ledger;
import org.trainex.shared.api.WalletAddress;

/** The coverage rules of issue 11 item 1 on fakes of the chain, the ledger and the order sums. */
class ConsumerServiceTest {
    static final WalletAddress W = WalletAddress.of("0x90F79bf6EB2c4f870365E785982E1f101E93b906");

    final Map<String, BigInteger> balances = new HashMap<>();
    final List<String> journals = new ArrayList<>();
    BigInteger onChain = BigInteger.ZERO;
    BigInteger awaiting = BigInteger.ZERO;
    BigInteger locking = BigInteger.ZERO;
    ConsumerService service;

    @BeforeEach
    void wire() {
        service = new ConsumerService();
        service.chain = new EscrowAccounts() {
            @Override
            public BigInteger depositOf(WalletAddress consumer) {
                return onChain;
            }

            @Override
            public Stake stakeOf(WalletAddress provider) {
                throw new UnsupportedOperationException();
            }

            @Override
            public OnChainOrder order(UUID orderId) {
                throw new UnsupportedOperationException();
            }

            @Override
            public boolean hasReceipt(String txHash) {
                return true;
            }
        };
        service.ledger = new Ledger() {
            @Override
            public UUID post(String kind, String reference, String memo, List<Posting> postings) {
                assertEquals(BigInteger.ZERO, postings.stream().map(Posting::amountWei)
                        .reduce(BigInteger.ZERO, BigInteger::add), "balanced");
                postings.forEach(p -> balances.merge(p.account(), p.amountWei(), BigInteger::add));
                journals.add(kind);
                return UUID.randomUUID();
            }

            @Override
            public BigInteger balance(String account) {
                return balances.getOrDefault(account, BigInteger.ZERO);
            }

            @Override
            public List<Entry> entriesOf(String account) {
                return List.of();
            }

            @Override
            public BigInteger trialBalance() {
                return BigInteger.ZERO;
            }
        };
        service.accounts = new ConsumerAccountRepository() {
            @Override
            public void add(ConsumerAccount account) {
            }

            @Override
            public Optional<ConsumerAccount> find(String consumer) {
                return Optional.of(new ConsumerAccount(consumer, W, Instant.EPOCH));
            }

            @Override
            public Optional<ConsumerAccount> lock(String consumer) {
                return find(consumer);
            }

            @Override
            public Optional<ConsumerAccount> findByWallet(String wallet) {
                return Optional.empty();
            }

            @Override
            public List<ConsumerAccount> all() {
                return List.of();
            }

            @Override
            public BigInteger awaitingWei(String wallet, UUID excluding) {
                return awaiting;
            }

            @Override
            public BigInteger lockingWei(String wallet) {
                return locking;
            }

            @Override
            public List<String> providersWithWallet() {
                return List.of();
            }

            @Override
            public List<LockedOrder> lockedOrders() {
                return List.of();
            }
        };
    }

    @Test
    void anUnfundedWalletCoversNothingAndNothingIsPosted() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> service.requireCovered(W, BigInteger.TEN.pow(19), null, true));
        assertTrue(e.getMessage().contains("deposit at least 10000000000000000000 wei more"), e.getMessage());
        assertTrue(journals.isEmpty());
    }

    @Test
    void theLedgerMirrorsDepositsAndWithdrawalsSeenOnChain() {
        onChain = BigInteger.valueOf(1000);
        assertEquals(BigInteger.valueOf(1000), service.mirrorDeposit(W));
        assertEquals(BigInteger.valueOf(1000), balances.get(ConsumerService.depositAccount(W)));
        assertEquals(BigInteger.valueOf(-1000), balances.get("wallet:" + W.value()));
        assertEquals(BigInteger.valueOf(1000), service.mirrorDeposit(W), "nothing new: nothing posted");
        assertEquals(1, journals.size());
        // the exchange locks 600 (posted, not mined yet): the chain still shows 1000, the mirror 400
        balances.merge(ConsumerService.depositAccount(W), BigInteger.valueOf(-600), BigInteger::add);
        locking = BigInteger.valueOf(600);
        assertEquals(BigInteger.valueOf(400), service.mirrorDeposit(W));
        assertEquals(1, journals.size(), "a pending lock is no difference");
        // mined: the chain shows 400, nothing pending
        onChain = BigInteger.valueOf(400);
        locking = BigInteger.ZERO;
        assertEquals(BigInteger.valueOf(400), service.mirrorDeposit(W));
        assertEquals(1, journals.size());
        // the wallet withdrew 300 on chain
        onChain = BigInteger.valueOf(100);
        assertEquals(BigInteger.valueOf(100), service.mirrorDeposit(W));
        assertEquals(List.of("DEPOSIT_MIRROR", "DEPOSIT_MIRROR"), journals);
    }

    @Test
    void ordersAwaitingBidsReserveTheDepositAtPlacementButNotAtMatch() {
        onChain = BigInteger.valueOf(1000);
        awaiting = BigInteger.valueOf(700);
        service.requireCovered(W, BigInteger.valueOf(300), null, true);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> service.requireCovered(W, BigInteger.valueOf(301), null, true));
        assertTrue(e.getMessage().contains("700 wei of it claimed"), e.getMessage());
        service.requireCovered(W, BigInteger.valueOf(1000), UUID.randomUUID(), false);
        assertThrows(InvalidInputException.class,
                () -> service.requireCovered(W, BigInteger.valueOf(1001), UUID.randomUUID(), false));
    }
}
