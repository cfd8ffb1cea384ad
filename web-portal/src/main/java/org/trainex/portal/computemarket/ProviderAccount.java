package org.trainex.portal.computemarket;

import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.trainex.computemarket.api.BidView;
import org.trainex.computemarket.api.IssuedRunnerKey;
import org.trainex.computemarket.api.ProviderAccountView;
import org.trainex.computemarket.api.Providers;
import org.trainex.computemarket.api.RunnerKeyView;
import org.trainex.computemarket.api.RunnerKeys;
import org.trainex.computemarket.api.RunnerView;
import org.trainex.computemarket.api.StakeCommand;
import org.trainex.computemarket.api.TrainingOrders;
import org.trainex.portal.shared.FacesMessages;
import org.trainex.shared.api.InvalidInputException;
import org.trainex.shared.api.WalletAddress;

/**
 * Screen (provider): the provider's account (payout wallet, stake recorded and on chain, earnings, payouts per
 * order), a form to link the payout wallet by an EIP-191 signature and add to the stake (DKLabs, seed 002, Section
 * 7.2 item 3: compute is allocated by the amount staked), and the provider's runners and open bids, which it may
 * cancel (issue 5 items 2, 5 and 6), and the runners' keys: issued here (shown once), listed, revoked (issue 11 item
 * 6). Bids are posted on the compute market page.
 *
 * <p>If the exchange cannot give the account yet, the page says so instead of failing.
 */
@Named
@ViewScoped
public class ProviderAccount implements Serializable {
    private static final long serialVersionUID = 1L;

    @Inject
    Providers providers;
    @Inject
    TrainingOrders orders;
    @Inject
    RunnerKeys runnerKeys;

    private String wallet;
    private String signature;
    private String keyRunnerId;
    /** The key just issued, shown once in this view; never stored. */
    private transient IssuedRunnerKey issuedKey;
    private transient ProviderAccountView account;
    private transient String accountNote;
    private transient boolean loaded;
    private transient Map<UUID, UUID> jobOfOrder;
    /** Kept for the view, so that a row's Cancel button acts on the bid the row showed. */
    private transient List<BidView> myBids;

    private void load() {
        if (loaded) {
            return;
        }
        loaded = true;
        account = null;
        accountNote = null;
        try {
            account = providers.account(FacesMessages.user());
            if (wallet == null && account.wallet() != null) {
                wallet = account.wallet();
            }
        } catch (RuntimeException e) {
            accountNote = "Your account cannot be read now: " + FacesMessages.message(e);
        }
    }

    /** The signed-in provider's account, or null while {@link #getAccountNote()} says why not. */
    public ProviderAccountView getAccount() {
        load();
        return account;
    }

    /** Why the account cannot be shown, or null. */
    public String getAccountNote() {
        load();
        return accountNote;
    }

    /** Whether a payout wallet is linked. */
    public boolean isWalletLinked() {
        ProviderAccountView a = getAccount();
        return a != null && a.wallet() != null;
    }

    /**
     * The exact text the wallet signs (EIP-191 personal_sign) to become the payout wallet, with the address in its
     * EIP-55 checksummed form as the exchange checks it; a hint until a valid address is typed.
     */
    public String getWalletMessage() {
        if (wallet == null || wallet.isBlank()) {
            return "(type your wallet address first)";
        }
        try {
            return Providers.walletMessage(FacesMessages.user(), WalletAddress.of(wallet.strip()).value());
        } catch (InvalidInputException e) {
            return "(" + e.getMessage() + ")";
        }
    }

    /**
     * Links the wallet (a new one needs the signature) and reads its stake from the chain: the provider stakes from
     * its own wallet ({@code ComputeEscrow.stake()}, e.g. {@code ./trainex wallet stake WEI}; issue 11 item 1).
     */
    public void stake() {
        try {
            String sig = signature == null || signature.isBlank() ? null : signature.strip();
            ProviderAccountView a = providers.stake(new StakeCommand(wallet == null ? null : wallet.strip(), sig,
                    null), FacesMessages.user());
            account = a;
            accountNote = null;
            loaded = true;
            signature = null;
            FacesMessages.info("Wallet " + a.wallet() + " linked; its stake on chain is " + a.stakedWei() + " wei");
        } catch (RuntimeException e) {
            FacesMessages.error(e);
        }
    }

    /** Reads the account and the bids again (e.g. to see a stake confirmed on chain). */
    public void refresh() {
        loaded = false;
        myBids = null;
        jobOfOrder = null;
    }

    /** The account's payouts, empty without an account. */
    public List<ProviderAccountView.Payout> getPayouts() {
        ProviderAccountView a = getAccount();
        return a == null || a.payouts() == null ? List.of() : a.payouts();
    }

    /**
     * Issues a key for the runner id typed in (issue 11 item 6): shown once on this page; issuing again replaces the
     * runner's previous key.
     */
    public void issueKey() {
        try {
            issuedKey = runnerKeys.issue(FacesMessages.user(), keyRunnerId == null ? null : keyRunnerId.strip());
            FacesMessages.info("Key issued for runner " + issuedKey.runnerId() + (issuedKey.replaced()
                    ? "; its previous key no longer works" : "") + ". Copy it now: it is not shown again.");
        } catch (RuntimeException e) {
            issuedKey = null;
            FacesMessages.error(e);
        }
    }

    /** Revokes the key of one of the provider's runners: its requests are refused from now on. */
    public void revokeKey(String runnerId) {
        try {
            runnerKeys.revoke(FacesMessages.user(), runnerId);
            FacesMessages.info("Key of runner " + runnerId + " revoked");
        } catch (RuntimeException e) {
            FacesMessages.error(e);
        }
        issuedKey = null;
    }

    /** The provider's runner keys, without secrets. */
    public List<RunnerKeyView> getRunnerKeys() {
        return runnerKeys.keys(FacesMessages.user());
    }

    /** The key issued by the last action of this view, or null. */
    public IssuedRunnerKey getIssuedKey() {
        return issuedKey;
    }

    public String getKeyRunnerId() {
        return keyRunnerId;
    }

    public void setKeyRunnerId(String keyRunnerId) {
        this.keyRunnerId = keyRunnerId;
    }

    /** The signed-in provider's runners, ACTIVE or LOST. */
    public List<RunnerView> getMyRunners() {
        String me = FacesMessages.user();
        return providers.runners().stream().filter(r -> me.equals(r.provider())).toList();
    }

    /** The signed-in provider's OPEN bids in the book. */
    public List<BidView> getMyBids() {
        if (myBids == null) {
            String me = FacesMessages.user();
            myBids = providers.book().stream().filter(b -> me.equals(b.provider())).toList();
        }
        return myBids;
    }

    /** Cancels one of the provider's open bids. */
    public void cancelBid(UUID bidId) {
        try {
            BidView b = providers.cancelBid(bidId, FacesMessages.user());
            FacesMessages.info("Bid " + b.id() + " " + b.state());
        } catch (RuntimeException e) {
            FacesMessages.error(e);
        }
        myBids = null;
    }

    /** The job executing an order (for links from payouts), or null. */
    public UUID jobOf(UUID orderId) {
        if (jobOfOrder == null) {
            jobOfOrder = new HashMap<>();
            try {
                orders.list(Callers.faces()).forEach(o -> {
                    if (o.jobId() != null) {
                        jobOfOrder.put(o.id(), o.jobId());
                    }
                });
            } catch (RuntimeException e) {
                // links are a convenience: without them the payouts still show their order ids
            }
        }
        return jobOfOrder.get(orderId);
    }

    /** Wei as ETH text, for display next to the exact wei. */
    public String eth(String wei) {
        return Amounts.eth(wei);
    }

    public String getWallet() {
        load();
        return wallet;
    }

    public void setWallet(String wallet) {
        this.wallet = wallet;
    }

    public String getSignature() {
        return signature;
    }

    public void setSignature(String signature) {
        this.signature = signature;
    }

}
