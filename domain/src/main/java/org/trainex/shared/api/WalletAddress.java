package org.trainex.shared.api;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;
import org.bouncycastle.jcajce.provider.digest.Keccak;

/**
 * An Ethereum account address, kept in its EIP-55 checksummed form ({@code 0x} + 40 hex digits whose letter case
 * encodes a Keccak-256 checksum). Input in all-lower or all-upper case is accepted and checksummed; mixed-case
 * input must carry a correct checksum (it catches typing errors).
 *
 * <p>The zero address {@code 0x000...0} is refused: tokens minted or sent to it are burnt (OpenZeppelin's ERC-20
 * reverts a mint to it), so it is never a wallet of anyone (issue 11, finding 9).
 *
 * @param value the checksummed address
 * @throws InvalidInputException if the address is malformed, its checksum is wrong, or it is the zero address
 */
public record WalletAddress(String value) {
    public WalletAddress {
        value = checksummed(value);
    }

    /** The zero address, refused as a wallet. */
    public static final String ZERO = "0x0000000000000000000000000000000000000000";

    /**
     * Parses and checksums an address.
     *
     * @throws InvalidInputException if malformed, mis-checksummed or the zero address
     */
    public static WalletAddress of(String value) {
        return new WalletAddress(value);
    }

    /** The 20 address bytes as lower-case hex without {@code 0x}. */
    public String hex() {
        return value.substring(2).toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return value;
    }

    private static String checksummed(String input) {
        if (input == null || !input.matches("0[xX][0-9a-fA-F]{40}")) {
            throw new InvalidInputException("not an Ethereum address (0x followed by 40 hex digits): " + input);
        }
        String hex = input.substring(2);
        if (hex.chars().allMatch(c -> c == '0')) {
            throw new InvalidInputException("the zero address " + ZERO + " is not a wallet (what is sent to it is "
                    + "burnt)");
        }
        String lower = hex.toLowerCase(Locale.ROOT);
        byte[] hash = new Keccak.Digest256().digest(lower.getBytes(StandardCharsets.US_ASCII));
        String nibbles = HexFormat.of().formatHex(hash);
        StringBuilder out = new StringBuilder("0x");
        for (int i = 0; i < 40; i++) {
            char c = lower.charAt(i);
            out.append(Character.digit(nibbles.charAt(i), 16) >= 8 ? Character.toUpperCase(c) : c);
        }
        String result = out.toString();
        boolean mixedCase = !hex.equals(lower) && !hex.equals(hex.toUpperCase(Locale.ROOT));
        if (mixedCase && !result.substring(2).equals(hex)) {
            throw new InvalidInputException("wallet address " + input + " has a wrong EIP-55 checksum (expected "
                    + result + ")");
        }
        return result;
    }
}
