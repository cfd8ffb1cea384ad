package org.trainex.chain.contracts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trainex.chain.testing.Reverts.assertReverts;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.trainex.chain.testing.DevChain;
import org.trainex.chain.testing.HardhatNode;
import org.web3j.crypto.Hash;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tuples.generated.Tuple4;
import org.web3j.tuples.generated.Tuple5;

/**
 * IdentityRegistry (LEARNAE's Distributed Proof of Identification) on a real hardhat node: a hijacker who claims an
 * active peer's id with its own wallet is recorded as fraudulent and the valid identity stays the first.
 */
@ExtendWith(HardhatNode.class)
class IdentityRegistryContractIT {
    static final int PEER = 1;
    static final int HIJACKER = 2;
    static final int SECOND_HIJACKER = 3;

    static DevChain chain;
    static IdentityRegistry registry;

    @BeforeAll
    static void deploy(DevChain devChain) throws Exception {
        chain = devChain;
        registry = IdentityRegistry.deploy(chain.web3j(), chain.tx(0), chain.gas()).send();
    }

    static IdentityRegistry as(int account) {
        return IdentityRegistry.load(registry.getContractAddress(), chain.web3j(), chain.tx(account), chain.gas());
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aHijackAttemptIsFlaggedAndTheFirstRegistrationStaysValid() throws Exception {
        byte[] peerId = Hash.sha3(bytes("12D3KooWActivePeer"));
        byte[] peerKey = bytes("ed25519-public-key-of-the-active-peer");
        TransactionReceipt first = as(PEER).register(peerId, peerKey).send();
        List<IdentityRegistry.IdentityRegisteredEventResponse> ok = IdentityRegistry.getIdentityRegisteredEvents(first);
        assertEquals(1, ok.size());
        assertEquals(chain.address(PEER).toLowerCase(), ok.get(0).wallet.toLowerCase());

        chain.increaseTime(30); // the hijacker comes later, with the same peer id and its own wallet
        TransactionReceipt hijack = as(HIJACKER).register(peerId, bytes("hijacker-key")).send();
        assertTrue(IdentityRegistry.getIdentityRegisteredEvents(hijack).isEmpty());
        List<IdentityRegistry.FraudulentRegistrationEventResponse> fraud =
                IdentityRegistry.getFraudulentRegistrationEvents(hijack);
        assertEquals(1, fraud.size());
        assertEquals(chain.address(HIJACKER).toLowerCase(), fraud.get(0).wallet.toLowerCase());
        assertEquals(chain.address(PEER).toLowerCase(), fraud.get(0).validWallet.toLowerCase());
        assertEquals(BigInteger.ONE, fraud.get(0).index);

        Tuple4<String, byte[], BigInteger, BigInteger> valid = registry.validIdentity(peerId).send();
        assertEquals(chain.address(PEER).toLowerCase(), valid.component1().toLowerCase());
        assertArrayEquals(peerKey, valid.component2());
        assertTrue(registry.isValidClaim(peerId, chain.address(PEER)).send());
        assertFalse(registry.isValidClaim(peerId, chain.address(HIJACKER)).send());
        assertTrue(registry.isFraudulentClaim(peerId, chain.address(HIJACKER)).send());
        assertFalse(registry.isFraudulentClaim(peerId, chain.address(PEER)).send());

        // neither can register the same peer id again
        assertReverts("AlreadyRegistered", () -> as(PEER).register(peerId, peerKey).send());
        assertReverts("AlreadyRegistered", () -> as(HIJACKER).register(peerId, bytes("again")).send());

        // a second hijacker: recorded too, the valid identity does not move
        as(SECOND_HIJACKER).register(peerId, bytes("second-hijacker-key")).send();
        assertEquals(BigInteger.valueOf(3), registry.registrationCount(peerId).send());
        Tuple5<String, byte[], BigInteger, BigInteger, Boolean> r0 = registry.registrationAt(peerId, BigInteger.ZERO)
                .send();
        Tuple5<String, byte[], BigInteger, BigInteger, Boolean> r1 = registry.registrationAt(peerId, BigInteger.ONE)
                .send();
        Tuple5<String, byte[], BigInteger, BigInteger, Boolean> r2 = registry.registrationAt(peerId, BigInteger.TWO)
                .send();
        assertFalse(r0.component5());
        assertTrue(r1.component5());
        assertTrue(r2.component5());
        assertTrue(r0.component3().compareTo(r1.component3()) < 0, "earliest timestamp is the valid one");
        assertTrue(r1.component4().compareTo(r2.component4()) < 0, "chain order");
        assertEquals(chain.address(PEER).toLowerCase(),
                registry.validIdentity(peerId).send().component1().toLowerCase());
        assertReverts("IndexOutOfRange", () -> registry.registrationAt(peerId, BigInteger.valueOf(3)).send());
    }

    @Test
    void distinctPeersAndBadInput() throws Exception {
        byte[] a = Hash.sha3(bytes("peer-a"));
        byte[] b = Hash.sha3(bytes("peer-b"));
        as(PEER).register(a, bytes("key-a")).send();
        TransactionReceipt rb = as(HIJACKER).register(b, bytes("key-b")).send(); // a different peer: valid
        assertEquals(1, IdentityRegistry.getIdentityRegisteredEvents(rb).size());
        assertTrue(registry.isValidClaim(b, chain.address(HIJACKER)).send());
        assertFalse(registry.isValidClaim(Hash.sha3(bytes("unknown")), chain.address(PEER)).send());
        assertFalse(registry.isFraudulentClaim(Hash.sha3(bytes("unknown")), chain.address(PEER)).send());
        assertReverts("UnknownPeer", () -> registry.validIdentity(Hash.sha3(bytes("unknown"))).send());
        assertReverts("EmptyPublicKey", () -> as(PEER).register(Hash.sha3(bytes("c")), new byte[0]).send());
        assertReverts("ZeroPeerId", () -> as(PEER).register(new byte[32], bytes("k")).send());
    }
}
