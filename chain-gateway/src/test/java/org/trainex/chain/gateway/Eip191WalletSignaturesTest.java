package org.trainex.chain.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.trainex.shared.api.InvalidInputException;
import org.trainex.shared.api.WalletAddress;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Sign;
import org.web3j.utils.Numeric;

/** EIP-191 personal_sign recovery against signatures made with web3j's {@code Sign.signPrefixedMessage}. */
class Eip191WalletSignaturesTest {
    /** Hardhat's public dev account #1 (a PUBLIC test key). */
    static final Credentials KEY = Credentials.create(
            "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");
    static final WalletAddress ADDRESS = WalletAddress.of("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
    final Eip191WalletSignatures signatures = new Eip191WalletSignatures();

    static String sign(String message) {
        Sign.SignatureData s = Sign.signPrefixedMessage(message.getBytes(StandardCharsets.UTF_8), KEY.getEcKeyPair());
        byte[] all = new byte[65];
        System.arraycopy(s.getR(), 0, all, 0, 32);
        System.arraycopy(s.getS(), 0, all, 32, 32);
        all[64] = s.getV()[0];
        return Numeric.toHexString(all);
    }

    @Test
    void recoversTheSigner() {
        String message = "Trainex: I vote YES on proposal 5b0e8d0c-8f8f-4a59-9d83-0a2b5c3b6c1d at block 123 ✓";
        String sig = sign(message);
        assertEquals(ADDRESS, signatures.signerOf(message, sig));
        assertEquals(ADDRESS.value(), signatures.signerOf(message, sig).value(), "checksummed");
        assertEquals(ADDRESS, signatures.signerOf(message, sig.substring(2)), "0x is optional");
        assertEquals(ADDRESS, signatures.signerOf(message, sig.toUpperCase().replace("0X", "0x")));
    }

    @Test
    void signaturesOfAnotherLibraryRecover() {
        // ethers (v5, @ethersproject/signing-key + hashMessage, as Wallet.signMessage) with hardhat's PUBLIC dev key #0
        WalletAddress account0 = WalletAddress.of("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
        assertEquals(account0, signatures.signerOf("hello", "0xf16ea9a3478698f695fd1401bfe27e9e4a7e8e3da94aa72b021125e3"
                + "1fa899cc573c48ea3fe1d4ab61a9db10c19032026e3ed2dbccba5a178235ac27f94504311c"));
        assertEquals(account0, signatures.signerOf("Trainex \u2713 vote", "0xf7296297ad2dcc4efbd90f5018ff6b0cf7c1ff7d0cf4"
                + "b72245450191ee8e50b167c1d2a68fca028445fd4686b3fb4d8cdd86a492464f7ec25be119ff51b69e521b"),
                "the length prefix counts UTF-8 bytes");
    }

    @Test
    void recoveryIdZeroOrOneIsAccepted() {
        String message = "v as 0/1";
        String sig = sign(message);
        int v = Integer.parseInt(sig.substring(sig.length() - 2), 16);
        String low = sig.substring(0, sig.length() - 2) + String.format("%02x", v - 27);
        assertEquals(ADDRESS, signatures.signerOf(message, low));
    }

    @Test
    void aTamperedMessageRecoversAnotherAddress() {
        String sig = sign("I vote YES");
        WalletAddress other = signatures.signerOf("I vote NO", sig);
        assertNotEquals(ADDRESS, other);
        // a flipped bit in s: still a curve point, but another key
        String flipped = sig.substring(0, 100) + (sig.charAt(100) == '1' ? '2' : '1') + sig.substring(101);
        assertNotEquals(ADDRESS, recoverOrNull("I vote YES", flipped));
    }

    WalletAddress recoverOrNull(String message, String sig) {
        try {
            return signatures.signerOf(message, sig);
        } catch (InvalidInputException e) {
            return null;
        }
    }

    @Test
    void garbageSignaturesThrowWithAReason() {
        String sig = sign("m");
        assertTrue(assertThrows(InvalidInputException.class, () -> signatures.signerOf("m", sig.substring(0, 130)))
                .getMessage().contains("65 bytes"));
        assertTrue(assertThrows(InvalidInputException.class, () -> signatures.signerOf("m", sig + "00"))
                .getMessage().contains("132 hex digits"));
        assertTrue(assertThrows(InvalidInputException.class, () -> signatures.signerOf("m", "0x" + "zz".repeat(65)))
                .getMessage().contains("non-hex"));
        assertTrue(assertThrows(InvalidInputException.class,
                () -> signatures.signerOf("m", sig.substring(0, 130) + "1d")).getMessage().contains("v must be 27 or 28"));
        assertTrue(assertThrows(InvalidInputException.class,
                () -> signatures.signerOf("m", "0x" + "00".repeat(64) + "1b")).getMessage().contains("r must be"));
        assertTrue(assertThrows(InvalidInputException.class,
                () -> signatures.signerOf("m", "0x" + "ff".repeat(32) + "01".repeat(32) + "1b")).getMessage()
                .contains("r must be"));
        assertThrows(InvalidInputException.class, () -> signatures.signerOf("m", null));
        assertThrows(InvalidInputException.class, () -> signatures.signerOf("m", " "));
        assertThrows(InvalidInputException.class, () -> signatures.signerOf(null, sig));
        // r is an x coordinate with no point on the curve: nothing recovers
        InvalidInputException noKey = assertThrows(InvalidInputException.class,
                () -> signatures.signerOf("m", "0x" + "00".repeat(31) + "05" + "01".repeat(32) + "1b"));
        assertTrue(noKey.getMessage().contains("no public key"), noKey.getMessage());
    }
}
