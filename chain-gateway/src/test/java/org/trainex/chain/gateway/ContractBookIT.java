package org.trainex.chain.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.trainex.chain.contracts.CurationVoting;
import org.trainex.chain.testing.DevChain;
import org.trainex.chain.testing.HardhatNode;
import org.trainex.shared.api.ChainContracts;
import org.web3j.protocol.core.DefaultBlockParameterName;

/**
 * {@link ContractBook} on a real hardhat node (its own, on a free port): a recorded deployment that is current is
 * reused; one whose deployment input is not this build's bytecode, or whose deployment transaction is not on the
 * chain, is deployed again, and so is a contract deployed against a contract that was deployed again.
 */
class ContractBookIT {
    static final List<String> NAMES = List.of(ContractBook.CURATOR_TOKEN, ContractBook.CURATION_VOTING,
            ContractBook.DATA_REGISTRY, ContractBook.SHARE_TOKEN, ContractBook.COMPUTE_ESCROW,
            ContractBook.IDENTITY_REGISTRY);

    static HardhatNode.Running node;
    static DevChain chain;

    @BeforeAll
    static void startChain() {
        node = HardhatNode.start();
        chain = node.chain();
    }

    @AfterAll
    static void stopChain() {
        if (node != null) {
            node.close();
        }
    }

    static ContractBook book(ChainContracts contracts) throws Exception {
        ContractBook b = new ContractBook(chain.web3j(), chain.account(0), DevChain.CHAIN_ID, contracts);
        b.ensureDeployed();
        assertTrue(b.ready());
        return b;
    }

    static Map<String, String> addresses(ContractBook b) {
        Map<String, String> m = new HashMap<>();
        NAMES.forEach(n -> m.put(n, b.address(n)));
        return m;
    }

    static long nonce() throws Exception {
        return chain.web3j().ethGetTransactionCount(chain.address(0), DefaultBlockParameterName.LATEST).send()
                .getTransactionCount().longValueExact();
    }

    @Test
    void currentDeploymentsAreReusedAndStaleOnesDeployedAgain() throws Exception {
        InMemoryContracts contracts = new InMemoryContracts();
        Map<String, String> first = addresses(book(contracts));
        assertEquals(6, contracts.all().size());

        // a second start with the same records: nothing is deployed
        long nonce = nonce();
        assertEquals(first, addresses(book(contracts)));
        assertEquals(nonce, nonce(), "no deployment");

        // DataRegistry's record points at the ShareToken's deployment: code is there, but not DataRegistry's
        // bytecode (as after a change to DataRegistry.sol): deployed again, nothing else
        ChainContracts.Deployed shares = contracts.find(DevChain.CHAIN_ID, ContractBook.SHARE_TOKEN).orElseThrow();
        contracts.record(new ChainContracts.Deployed(DevChain.CHAIN_ID, ContractBook.DATA_REGISTRY, shares.address(),
                shares.txHash(), shares.blockNumber()));
        Map<String, String> second = addresses(book(contracts));
        assertNotEquals(shares.address(), second.get(ContractBook.DATA_REGISTRY));
        assertEquals(second.get(ContractBook.DATA_REGISTRY),
                contracts.find(DevChain.CHAIN_ID, ContractBook.DATA_REGISTRY).orElseThrow().address(), "recorded");
        assertEquals(nonce + 1, nonce(), "one deployment");
        for (String n : NAMES) {
            if (!n.equals(ContractBook.DATA_REGISTRY)) {
                assertEquals(first.get(n), second.get(n), n);
            }
        }

        // the CuratorToken's deployment transaction is not on this chain (a reset chain whose new contracts landed
        // at the same addresses): deployed again, and CurationVoting, which is bound to the token, too
        ChainContracts.Deployed token = contracts.find(DevChain.CHAIN_ID, ContractBook.CURATOR_TOKEN).orElseThrow();
        contracts.record(new ChainContracts.Deployed(DevChain.CHAIN_ID, ContractBook.CURATOR_TOKEN, token.address(),
                "0x" + "ab".repeat(32), token.blockNumber()));
        Map<String, String> third = addresses(book(contracts));
        assertNotEquals(second.get(ContractBook.CURATOR_TOKEN), third.get(ContractBook.CURATOR_TOKEN));
        assertNotEquals(second.get(ContractBook.CURATION_VOTING), third.get(ContractBook.CURATION_VOTING));
        assertEquals(nonce + 3, nonce(), "two more deployments");
        CurationVoting voting = CurationVoting.load(third.get(ContractBook.CURATION_VOTING), chain.web3j(),
                chain.tx(1), chain.gas());
        assertEquals(third.get(ContractBook.CURATOR_TOKEN).toLowerCase(), voting.token().send().toLowerCase(),
                "the new CurationVoting counts the new token's votes");
        assertEquals(second.get(ContractBook.COMPUTE_ESCROW), third.get(ContractBook.COMPUTE_ESCROW));

        // a record whose address holds no code at all (a restarted dev chain): deployed again
        ChainContracts.Deployed registry = contracts.find(DevChain.CHAIN_ID, ContractBook.IDENTITY_REGISTRY)
                .orElseThrow();
        contracts.record(new ChainContracts.Deployed(DevChain.CHAIN_ID, ContractBook.IDENTITY_REGISTRY,
                "0x000000000000000000000000000000000000dEaD", registry.txHash(), registry.blockNumber()));
        assertNotEquals("0x000000000000000000000000000000000000dEaD",
                addresses(book(contracts)).get(ContractBook.IDENTITY_REGISTRY));
        assertEquals(nonce + 4, nonce());
    }
}
