package org.trainex.computemarket.application;

import org.trainex.governance.api.IdentityRole;
import org.trainex.governance.api.Identities;
import jakarta.ejb.Local;
import jakarta.ejb.LocalBean;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.logging.Logger;
import org.trainex.computemarket.api.ConsumerAccountView;
import org.trainex.computemarket.api.Consumers;
import org.trainex.computemarket.api.EscrowAccounts;
import org.trainex.computemarket.domain.ConsumerAccount;
import org.trainex.computemarket.domain.ConsumerAccountRepository;
import org.trainex.shared.api.InvalidInputException;
import org.trainex.shared.api.Ledger;
import org.trainex.shared.api.WalletAddress;

/**
 * Consumers' payment wallets and the coverage of their orders by their own escrow deposits (issue 11 item 1: every
 * wei that enters escrow comes from the wallet it is credited to; the exchange refuses what the chain does not
 * cover; DKLabs, seed 002, Section 7.2 item 1: the payment "is locked until the job is completed").
 *
 * <p>The ledger mirrors the chain: account {@code deposit:<wallet>} holds what the exchange knows of the wallet's
 * {@code ComputeEscrow} deposit. Its expected balance is the on-chain {@code depositOf(wallet)} less the locks the
 * exchange posted and the chain has not mined yet; {@link #mirrorDeposit} posts the difference as a
 * {@value #MIRROR_KIND} journal against {@code wallet:<wallet>} (the outside world: a deposit or a withdrawal the
 * wallet made on chain). An order's {@code ESCROW_LOCK} journal then moves its maximum price from
 * {@code deposit:<wallet>} to {@code escrow:<order>}, and only when that balance covers it.
 */
@Stateless
@Local(Consumers.class)
@LocalBean
public class ConsumerService implements Consumers {
    private static final Logger LOG = Logger.getLogger(ConsumerService.class.getName());
    /** Ledger journal kind of a mirrored on-chain deposit change. */
    public static final String MIRROR_KIND = "DEPOSIT_MIRROR";

    @Inject
    ConsumerAccountRepository accounts;
    @Inject
    EscrowAccounts chain;
    @Inject
    Identities identities;
    @Inject
    Ledger ledger;

    @Override
    public ConsumerAccountView linkWallet(String consumer, String wallet, String signature) {
        // the signature, and that no other consumer holds the wallet, are the identity API's to check
        WalletAddress w = WalletAddress.of(identities.link(consumer, IdentityRole.CONSUMER, wallet, signature)
                .wallet());
        Instant now = Instant.now();
        ConsumerAccount a = accounts.lock(consumer).orElse(null);
        if (a == null) {
            accounts.add(new ConsumerAccount(consumer, w, now));
        } else if (!a.wallet().equals(w)) {
            // orders placed earlier keep the wallet they were placed with: they lock and refund there
            a.relink(w, now);
        }
        LOG.info(() -> "consumer " + consumer + " pays from wallet " + w.value());
        return account(consumer);
    }

    @Override
    public ConsumerAccountView account(String consumer) {
        ConsumerAccount a = accounts.find(consumer).orElse(null);
        if (a == null) {
            return new ConsumerAccountView(consumer, null, null, null, null,
                    Consumers.walletMessage(consumer, "<wallet>"));
        }
        BigInteger deposit = mirrorDeposit(a.wallet());
        BigInteger reserved = accounts.awaitingWei(a.wallet().value(), null);
        return new ConsumerAccountView(consumer, a.wallet().value(), deposit.toString(), reserved.toString(),
                deposit.subtract(reserved).toString(), Consumers.walletMessage(consumer, a.wallet().value()));
    }

    /**
     * The consumer's linked payment wallet, locked for this transaction (serialises coverage checks).
     *
     * @param named the wallet the order names, or null (or blank) for the linked one
     * @throws InvalidInputException if no wallet is linked, or {@code named} is not the linked wallet
     */
    public WalletAddress paymentWallet(String consumer, String named) {
        ConsumerAccount a = accounts.lock(consumer).orElseThrow(() -> new InvalidInputException("consumer "
                + consumer + " has no payment wallet: link one first (POST /api/consumers/me/wallet with an EIP-191 "
                + "signature of \"" + Consumers.walletMessage(consumer, "<wallet>") + "\"), then deposit into "
                + "ComputeEscrow from it (./trainex wallet deposit)"));
        if (named != null && !named.isBlank() && !WalletAddress.of(named.strip()).equals(a.wallet())) {
            throw new InvalidInputException("consumerWallet " + named.strip() + " is not your payment wallet "
                    + a.wallet().value() + ": orders are paid only from the wallet you linked");
        }
        return a.wallet();
    }

    /**
     * Checks that {@code wallet}'s deposit covers a lock of {@code amountWei} (wei) beside its other orders' claims.
     *
     * @param orderId      the order (excluded from the claims), or null for a new one
     * @param withAwaiting true at placement: orders of the wallet that await bids are claims too; false when the
     *                     order matches now (only locks already made count)
     * @throws InvalidInputException with the figures if it does not; nothing changes
     * @throws org.trainex.shared.api.ChainUnavailableException if the deposit cannot be read
     */
    public void requireCovered(WalletAddress wallet, BigInteger amountWei, UUID orderId, boolean withAwaiting) {
        BigInteger deposit = mirrorDeposit(wallet);
        BigInteger claims = withAwaiting ? accounts.awaitingWei(wallet.value(), orderId) : BigInteger.ZERO;
        BigInteger available = deposit.subtract(claims);
        if (available.compareTo(amountWei) < 0) {
            throw new InvalidInputException("wallet " + wallet.value() + " has " + deposit + " wei in its ComputeEscrow "
                    + "deposit" + (claims.signum() > 0 ? ", " + claims + " wei of it claimed by orders awaiting bids"
                    : "") + "; this order locks " + amountWei + " wei: deposit at least "
                    + amountWei.subtract(available) + " wei more from that wallet (./trainex wallet deposit)");
        }
    }

    /**
     * Brings {@code deposit:<wallet>} in line with the chain: the on-chain deposit less the locks posted and not
     * mined yet. Posts a {@value #MIRROR_KIND} journal for a difference (a deposit or withdrawal made on chain).
     *
     * @return the mirrored balance (wei); negative when the wallet withdrew what pending locks need (logged)
     * @throws org.trainex.shared.api.ChainUnavailableException if the chain cannot be read (nothing posted)
     */
    public BigInteger mirrorDeposit(WalletAddress wallet) {
        BigInteger onChain = chain.depositOf(wallet);
        BigInteger expected = onChain.subtract(accounts.lockingWei(wallet.value()));
        BigInteger booked = ledger.balance(depositAccount(wallet));
        BigInteger delta = expected.subtract(booked);
        if (delta.signum() != 0) {
            ledger.post(MIRROR_KIND, UUID.randomUUID().toString(), (delta.signum() > 0 ? "deposit of " : "withdrawal of ")
                    + delta.abs() + " wei by " + wallet.value() + " seen on chain (deposit there: " + onChain + " wei)",
                    List.of(new Ledger.Posting("wallet:" + wallet.value(), delta.negate()),
                            new Ledger.Posting(depositAccount(wallet), delta)));
            LOG.info(() -> "escrow deposit of " + wallet.value() + " mirrored from chain: " + (delta.signum() > 0 ? "+"
                    : "") + delta + " wei (on chain " + onChain + ", pending locks "
                    + onChain.subtract(expected) + ")");
        }
        return expected;
    }

    /** The ledger account that mirrors {@code wallet}'s escrow deposit. */
    public static String depositAccount(WalletAddress wallet) {
        return "deposit:" + wallet.value();
    }
}
