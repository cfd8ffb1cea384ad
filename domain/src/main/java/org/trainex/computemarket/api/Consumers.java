package org.trainex.computemarket.api;

/**
 * Consumers' payment wallets (issue 11 item 1: every wei that enters escrow comes from the wallet it is credited
 * to). A consumer links the wallet it pays from by an EIP-191 signature of {@link #walletMessage(String, String)},
 * deposits wei into {@code ComputeEscrow} from that wallet itself ({@code deposit()}, e.g. {@code ./trainex wallet
 * deposit}), and its priced orders lock their maximum price from that deposit; refunds and credits go back to the
 * same wallet. Amounts are decimal wei.
 */
public interface Consumers {
    /** The message a consumer's wallet signs (EIP-191) to become the wallet its orders are paid from. */
    static String walletMessage(String consumer, String wallet) {
        return org.trainex.governance.api.Identities.linkMessage(
                org.trainex.governance.api.IdentityRole.CONSUMER, consumer, wallet);
    }

    /**
     * Links {@code wallet} as the consumer's payment wallet (replacing an earlier one).
     *
     * @throws org.trainex.shared.api.InvalidInputException if the wallet or signature is malformed, the signature
     *                                                      is not by the wallet, or the wallet is another consumer's
     */
    ConsumerAccountView linkWallet(String consumer, String wallet, String signature);

    /**
     * The consumer's wallet and what its escrow deposit covers now (read from the chain).
     *
     * @throws org.trainex.shared.api.ChainUnavailableException if a linked wallet's deposit cannot be read
     */
    ConsumerAccountView account(String consumer);
}
