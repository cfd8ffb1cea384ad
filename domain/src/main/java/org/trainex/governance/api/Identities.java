package org.trainex.governance.api;

import java.util.Optional;
import org.trainex.shared.api.CrossContext;
import org.trainex.shared.api.WalletAddress;

/**
 * The one identity API of the exchange (issue 12 item 2): a login proves that it controls a wallet by an EIP-191
 * signature of {@link #linkMessage}, once per role. Curators, providers and consumers link through it today;
 * validators and LEARNAE peers (Distributed Proof of Identification, seed 001, Section 3.2) will too. Other contexts
 * call it directly ({@link CrossContext}).
 */
@CrossContext
public interface Identities {
    /**
     * The message a wallet signs (EIP-191 {@code personal_sign}) to be linked to {@code username} in {@code role}.
     * The texts of the roles that existed before this API are kept, so clients that sign them keep working.
     */
    static String linkMessage(IdentityRole role, String username, String wallet) {
        return switch (role) {
            case CONSUMER -> "Trainex consumer " + username + " pays from wallet " + wallet;
            case PROVIDER -> "Trainex provider " + username + " is paid at wallet " + wallet;
            case CURATOR -> "Trainex: link wallet " + wallet + " to curator account " + username;
            case VALIDATOR -> "Trainex validator " + username + " stakes from wallet " + wallet;
            case PEER -> "Trainex peer " + username + " is paid at wallet " + wallet;
        };
    }

    /**
     * Links {@code wallet} to {@code username} in {@code role}, replacing its earlier wallet in that role (a wallet
     * already linked to this login changes nothing).
     *
     * @param signature EIP-191 signature of {@link #linkMessage} with the checksummed wallet, {@code 0x} + 130 hex
     * @throws org.trainex.shared.api.InvalidInputException if a field is missing, the wallet is malformed, the
     *                                                      signature is not the wallet's, or another login holds the
     *                                                      wallet in this role (nothing changes)
     */
    WalletLinkView link(String username, IdentityRole role, String wallet, String signature);

    /** The wallet {@code username} linked in {@code role}, if any. */
    Optional<WalletLinkView> linkOf(String username, IdentityRole role);

    /** The login that holds {@code wallet} in {@code role}, if any. */
    Optional<WalletLinkView> holderOf(WalletAddress wallet, IdentityRole role);
}
