package org.trainex.shared.api;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class WalletAddressTest {
    // EIP-55's own test vectors
    static final String[] VECTORS = {"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
        "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359", "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
        "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb"};

    @Test
    void checksumsAddressesAsEip55Does() {
        for (String v : VECTORS) {
            assertEquals(v, WalletAddress.of(v.toLowerCase()).value());
            assertEquals(v, WalletAddress.of("0x" + v.substring(2).toUpperCase()).value());
            assertEquals(v, WalletAddress.of(v).value());
        }
    }

    @Test
    void rejectsMalformedAndMisChecksummedAddresses() {
        assertThrows(InvalidInputException.class, () -> WalletAddress.of(null));
        assertThrows(InvalidInputException.class, () -> WalletAddress.of("0x1234"));
        assertThrows(InvalidInputException.class, () -> WalletAddress.of("5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"));
        assertThrows(InvalidInputException.class, () -> WalletAddress.of("0xZaAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"));
        // one letter's case flipped
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> WalletAddress.of("0x5AAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"));
        assertTrue(e.getMessage().contains("checksum"), e.getMessage());
    }
}
