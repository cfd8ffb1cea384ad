package org.trainex.chain.gateway;

import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SignatureException;
import java.util.Arrays;
import java.util.regex.Pattern;
import org.trainex.shared.api.InvalidInputException;
import org.trainex.shared.api.WalletAddress;
import org.trainex.shared.api.WalletSignatures;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;
import org.web3j.utils.Numeric;

/**
 * {@link WalletSignatures} with web3j: recovers the signer of an EIP-191 version 0x45 ("personal_sign") message, i.e.
 * the secp256k1 key whose signature over {@code keccak256("\x19Ethereum Signed Message:\n" + byteLength + message)}
 * (message as UTF-8) is {@code r || s || v}, as MetaMask, {@code cast wallet sign} and web3j's
 * {@code Sign.signPrefixedMessage} produce it. The one bean implementing the port (application scoped, stateless).
 *
 * <p>Accepted signature: {@code 0x} (optional) + 130 hex digits = 65 bytes {@code r (32) || s (32) || v (1)}, with
 * {@code v} 27 or 28, or 0 or 1 (the recovery id, as some hardware wallets write it). Anything else (wrong length, not
 * hex, another {@code v}, r or s zero or not below the curve order, a point that does not recover to a key) throws
 * {@link InvalidInputException} with the reason. A valid signature over another message recovers another address: the
 * caller compares the result with the address it expects.
 */
@ApplicationScoped
public class Eip191WalletSignatures implements WalletSignatures {
    private static final Pattern HEX_130 = Pattern.compile("[0-9a-fA-F]{130}");
    /** secp256k1 group order n. */
    private static final BigInteger CURVE_ORDER =
            new BigInteger("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", 16);

    @Override
    public WalletAddress signerOf(String message, String signatureHex) {
        if (message == null) {
            throw new InvalidInputException("the signed message is missing");
        }
        if (signatureHex == null || signatureHex.isBlank()) {
            throw new InvalidInputException("the signature is missing");
        }
        String hex = signatureHex.strip();
        hex = hex.startsWith("0x") || hex.startsWith("0X") ? hex.substring(2) : hex;
        if (!HEX_130.matcher(hex).matches()) {
            throw new InvalidInputException("a wallet signature must be 65 bytes r || s || v as 0x + 130 hex digits, got "
                    + (hex.matches("[0-9a-fA-F]*") ? hex.length() + " hex digits" : "non-hex characters"));
        }
        byte[] sig = Numeric.hexStringToByteArray(hex);
        byte[] r = Arrays.copyOfRange(sig, 0, 32);
        byte[] s = Arrays.copyOfRange(sig, 32, 64);
        int v = sig[64] & 0xff;
        if (v == 0 || v == 1) {
            v += 27;
        }
        if (v != 27 && v != 28) {
            throw new InvalidInputException("the signature's recovery byte v must be 27 or 28 (or 0 or 1), got " + v);
        }
        checkScalar("r", r);
        checkScalar("s", s);
        try {
            BigInteger key = Sign.signedPrefixedMessageToKey(message.getBytes(StandardCharsets.UTF_8),
                    new Sign.SignatureData((byte) v, r, s));
            return WalletAddress.of("0x" + Keys.getAddress(key));
        } catch (SignatureException | RuntimeException e) {
            throw new InvalidInputException("no public key can be recovered from the signature: " + e.getMessage(), e);
        }
    }

    private static void checkScalar(String name, byte[] value) {
        BigInteger n = new BigInteger(1, value);
        if (n.signum() == 0 || n.compareTo(CURVE_ORDER) >= 0) {
            throw new InvalidInputException("the signature's " + name + " must be between 1 and the secp256k1 order - 1");
        }
    }
}
