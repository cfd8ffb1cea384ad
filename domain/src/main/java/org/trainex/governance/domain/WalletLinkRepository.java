package org.trainex.governance.domain;

import java.util.Optional;
import org.trainex.governance.api.IdentityRole;
import org.trainex.shared.api.WalletAddress;

/** Wallet links. */
public interface WalletLinkRepository {
    /** The link of a login in a role, locked for update. */
    Optional<WalletLink> lock(String username, IdentityRole role);

    Optional<WalletLink> find(String username, IdentityRole role);

    Optional<WalletLink> holderOf(WalletAddress wallet, IdentityRole role);

    void add(WalletLink link);
}
