package org.trainex.chain.gateway;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.trainex.shared.api.ChainUnavailableException;
import org.trainex.shared.api.WalletAddress;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;

/** {@link ChainVotingPower} without a node: a gateway that is off, and a node that does not answer. */
class ChainVotingPowerTest {
    static final WalletAddress HOLDER = WalletAddress.of("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");

    @Test
    void everyReadFailsAsUnavailableWhenTheGatewayIsOff() {
        System.setProperty("trainex.chain.enabled", "false");
        try {
            ChainGateway gateway = new ChainGateway();
            gateway.start();
            ChainVotingPower power = new ChainVotingPower();
            power.gateway = gateway;
            for (Runnable read : new Runnable[] {power::latestBlock, () -> power.votesAt(HOLDER, 1),
                    () -> power.totalSupplyAt(1)}) {
                ChainUnavailableException e = assertThrows(ChainUnavailableException.class, read::run);
                assertTrue(e.getMessage().contains("TRAINEX_CHAIN_ENABLED=false"), e.getMessage());
            }
            assertTrue(gateway.node().isEmpty());
            assertTrue(gateway.deployedAddress(ContractBook.CURATOR_TOKEN).isEmpty());
        } finally {
            System.clearProperty("trainex.chain.enabled");
        }
    }

    @Test
    void aNodeThatDoesNotAnswerIsUnavailable() {
        Web3j web3j = Web3j.build(new HttpService("http://127.0.0.1:1")); // nothing listens on port 1
        try {
            ChainVotingPower power = new ChainVotingPower(new ChainVotingPower.TokenAccess() {
                @Override
                public Web3j web3j() {
                    return web3j;
                }

                @Override
                public String curatorToken() {
                    return "0x5FbDB2315678afecb367f032d93F642f64180aa3";
                }
            });
            for (Runnable read : new Runnable[] {power::latestBlock, () -> power.votesAt(HOLDER, 1),
                    () -> power.totalSupplyAt(1)}) {
                ChainUnavailableException e = assertThrows(ChainUnavailableException.class, read::run);
                assertTrue(e.getMessage().contains("does not answer"), e.getMessage());
            }
        } finally {
            web3j.shutdown();
        }
    }
}
