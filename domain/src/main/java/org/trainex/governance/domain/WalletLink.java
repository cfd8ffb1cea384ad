package org.trainex.governance.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import org.trainex.governance.api.IdentityRole;
import org.trainex.governance.api.WalletLinkView;
import org.trainex.shared.api.WalletAddress;

/**
 * A login's proven wallet in one role (aggregate): created and changed only after the wallet signed the role's
 * link message ({@code Identities.linkMessage}). One per (username, role); a wallet is held by one login per role
 * (unique indexes).
 */
@Entity
@Table(name = "wallet_link", schema = "governance")
public class WalletLink {
    @Id
    private UUID id;
    @Column(nullable = false, length = 255)
    private String username;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 20)
    private IdentityRole role;
    @Column(nullable = false, length = 42)
    private String wallet;
    @Column(name = "linked_at", nullable = false)
    private Instant linkedAt;
    @Version
    private long version;

    protected WalletLink() {
    }

    public WalletLink(String username, IdentityRole role, WalletAddress wallet, Instant now) {
        this.id = UUID.randomUUID();
        this.username = Objects.requireNonNull(username);
        this.role = Objects.requireNonNull(role);
        this.wallet = wallet.value();
        this.linkedAt = now;
    }

    /** Replaces the wallet (already proven by its signature); returns whether it changed. */
    public boolean relink(WalletAddress to, Instant now) {
        if (wallet.equals(to.value())) {
            return false;
        }
        this.wallet = to.value();
        this.linkedAt = now;
        return true;
    }

    public String username() {
        return username;
    }

    public WalletAddress wallet() {
        return WalletAddress.of(wallet);
    }

    public WalletLinkView toView() {
        return new WalletLinkView(username, role, wallet, linkedAt);
    }
}
