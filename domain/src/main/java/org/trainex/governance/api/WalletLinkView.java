package org.trainex.governance.api;

import java.time.Instant;

/**
 * A proven link between a login in a role and a wallet.
 *
 * @param wallet   the checksummed address
 * @param linkedAt when the current wallet was linked
 */
public record WalletLinkView(String username, IdentityRole role, String wallet, Instant linkedAt) {
}
