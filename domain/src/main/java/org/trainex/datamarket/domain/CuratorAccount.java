package org.trainex.datamarket.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import org.trainex.shared.api.InvalidInputException;
import org.trainex.shared.api.WalletAddress;

/**
 * A curator's SSO account linked to the wallet whose CuratorToken voting power it casts, and its delegation
 * (DataBright, seed 000, Section 2: curators may forward their voting rights to another curator or an oracle).
 * The link is made only with a signature of {@link #linkMessage} by that wallet.
 */
@Entity
@Table(name = "curator_account", schema = "datamarket")
public class CuratorAccount {
    @Id
    private String username;
    @Column(nullable = false, length = 42, unique = true)
    private String wallet;
    @Column(length = 42)
    private String delegate;
    @Column(name = "linked_at", nullable = false)
    private Instant linkedAt;
    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;
    @Version
    private long version;

    protected CuratorAccount() {
    }

    public CuratorAccount(String username, WalletAddress wallet, Instant now) {
        this.username = username;
        this.wallet = wallet.value();
        this.linkedAt = now;
        this.updatedAt = now;
    }

    /**
     * The text a wallet signs (EIP-191 personal_sign) to prove it belongs to {@code username}.
     */
    public static String linkMessage(String username, WalletAddress wallet) {
        return org.trainex.governance.api.Identities.linkMessage(
                org.trainex.governance.api.IdentityRole.CURATOR, username, wallet.value());
    }

    /**
     * Delegates this curator's weight: to another curator's wallet, to the oracle ({@link CurationTally#ORACLE}),
     * or back to itself ({@code null}).
     *
     * @throws InvalidInputException if it names its own wallet
     */
    public void delegateTo(String target, Instant now) {
        if (target != null && target.equalsIgnoreCase(wallet)) {
            throw new InvalidInputException("a curator cannot delegate to its own wallet; clear the delegation "
                    + "to vote yourself");
        }
        this.delegate = target;
        this.updatedAt = now;
    }

    public void relink(WalletAddress newWallet, Instant now) {
        this.wallet = newWallet.value();
        this.delegate = null;
        this.updatedAt = now;
    }

    public String username() {
        return username;
    }

    public String wallet() {
        return wallet;
    }

    /** Null: votes itself; {@code ORACLE}; or a curator's wallet. */
    public String delegate() {
        return delegate;
    }
}
