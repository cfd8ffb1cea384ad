package org.trainex.chain.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@link ContractError}: custom errors named and decoded from a node's revert text with the packaged ABIs. */
class ContractErrorTest {
    /** {@code ChallengePeriodNotOver(bytes32,uint64,uint256)} as hardhat reports it for an unknown ABI. */
    static final String HARDHAT = "Error: VM Exception while processing transaction: reverted with an unrecognized "
            + "custom error (return data: 0xb7a8b5ed0000000000000000000000000000000030bea37c07fc4665b39957bcd356081b"
            + "000000000000000000000000000000000000000000000000000000006b02b7a4"
            + "000000000000000000000000000000000000000000000000000000006b02b54d)";

    @Test
    void decodesAnErrorWithItsArguments() {
        ContractError e = ContractError.find(null, HARDHAT).orElseThrow();
        assertEquals("ChallengePeriodNotOver", e.name());
        assertEquals(BigInteger.valueOf(0x6b02b7a4L), e.uint("challengeEndsAt"));
        assertEquals(BigInteger.valueOf(0x6b02b54dL), e.uint("nowSeconds"));
        assertEquals("ChallengePeriodNotOver(orderId=0x0000000000000000000000000000000030bea37c07fc4665b39957bcd356081b"
                + ", challengeEndsAt=1795340196, nowSeconds=1795339597)", e.toString());
        assertThrows(IllegalArgumentException.class, () -> e.uint("orderId"), "bytes32 is not an integer");
    }

    @Test
    void errorsWithoutArgumentsAndOpenZeppelinsAreKnownToo() {
        // ZeroAmount() and OwnableUnauthorizedAccount(address), selectors from their signatures
        String zeroAmount = org.web3j.crypto.Hash.sha3String("ZeroAmount()").substring(0, 10);
        assertEquals("ZeroAmount()", ContractError.decode(zeroAmount).orElseThrow().toString());
        String ownable = org.web3j.crypto.Hash.sha3String("OwnableUnauthorizedAccount(address)").substring(0, 10)
                + "000000000000000000000000f39fd6e51aad88f6f4ce6ab8827279cfffb92266";
        ContractError e = ContractError.decode(ownable).orElseThrow();
        assertEquals("OwnableUnauthorizedAccount", e.name());
        assertTrue(e.toString().contains("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266"), e.toString());
    }

    @Test
    void unknownDataIsNotAnError() {
        assertEquals(Optional.empty(), ContractError.find("execution reverted", null, "0xdeadbeef00"));
        assertEquals(Optional.empty(), ContractError.decode("0x12"));
    }
}
