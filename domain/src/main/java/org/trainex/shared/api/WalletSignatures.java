package org.trainex.shared.api;

/**
 * Checks Ethereum wallet signatures (port; the chain gateway implements it with web3j, so no crypto library type
 * leaks into the domain).
 */
public interface WalletSignatures {
    /**
     * Recovers the address that signed {@code message} as an EIP-191 "personal_sign" message
     * ({@code "\x19Ethereum Signed Message:\n" + length + message}, UTF-8), the format wallets such as MetaMask,
     * {@code cast wallet sign} and web3j's {@code Sign.signPrefixedMessage} produce.
     *
     * @param message      the signed text
     * @param signatureHex 65 bytes r || s || v as 0x hex (v = 27/28, or 0/1)
     * @return the signer
     * @throws InvalidInputException if the signature is not 65 bytes of hex or no key can be recovered from it
     */
    WalletAddress signerOf(String message, String signatureHex);

    /**
     * Checks that {@code wallet} signed {@code message} (EIP-191), as every wallet link of the exchange requires
     * (curators, providers, consumers).
     *
     * @throws InvalidInputException if the signature is malformed, or made by another key (the message names the
     *                               signer and the exact text to sign)
     */
    default void requireSignedBy(WalletAddress wallet, String message, String signatureHex) {
        WalletAddress signer = signerOf(message, signatureHex);
        if (!signer.equals(wallet)) {
            throw new InvalidInputException("the signature is by " + signer.value() + ", not by " + wallet.value()
                    + "; sign exactly: " + message);
        }
    }
}
