package org.trainex.it;

import static org.junit.jupiter.api.Assertions.*;
import static org.trainex.it.TestEnvironment.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.trainex.chain.contracts.DataRegistry;
import org.trainex.chain.merkle.MerkleTree;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;

/**
 * Registry entries reach the chain through the whole stack: a dataset registered with a contributor wallet
 * becomes a registry entry, the registry cuts a Merkle batch into the chain outbox, the chain gateway inside the
 * server deploys the contracts and sends exactly one anchoring transaction to the real hardhat node, and the
 * entry's proof verifies on chain against DataRegistry; a wrong wallet is refused with nothing stored.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class RegistryAnchoringIT {
    static final String WALLET = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC"; // hardhat dev account #2

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return ear();
    }

    @Test
    void aRegisteredDatasetIsAnchoredOnChainAndItsProofVerifies() throws Exception {
        String contributor = token("contributor");
        String admin = token("admin");
        byte[][] idx = fashionSubset("train", 30000, 700);
        // an admin enters it in the registry outside curation (issue 11 item 2); the wallet in lower case
        String datasetId = registerDataset(contributor, "anchoring-it", idx, WALLET.toLowerCase()).get("id").asText();

        long deadline = System.currentTimeMillis() + 120_000;
        JsonNode entry = json(call("GET", "/api/registry/datasets/" + datasetId, contributor, null));
        while ((!entry.get("state").asText().equals("ANCHORED") || !entry.hasNonNull("sharesTxHash"))
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(500);
            entry = json(call("GET", "/api/registry/datasets/" + datasetId, contributor, null));
        }
        assertEquals("ANCHORED", entry.get("state").asText(), () -> "entry " + entry_(datasetId, contributor)
                + "\noutbox: " + outbox(admin));
        assertEquals("ADMIN", entry.get("origin").asText(), "shown as entered outside curation: " + entry);
        assertEquals(WALLET, entry.get("contributorWallet").asText(), "the wallet is kept EIP-55 checksummed");
        assertEquals(700, entry.get("sampleCount").asInt());
        assertEquals("700", entry.get("shares").asText());
        assertTrue(entry.get("txHash").asText().matches("0x[0-9a-f]{64}"), entry.toString());
        assertTrue(entry.get("blockNumber").asLong() > 0);

        assertTrue(entry.path("sharesTxHash").asText().matches("0x[0-9a-f]{64}"), "shares minted: " + entry);
        String registryAddress = null;
        String shareTokenAddress = null;
        for (JsonNode c : json(call("GET", "/api/chain/contracts", contributor, null))) {
            if (c.get("name").asText().equals("DataRegistry")) {
                registryAddress = c.get("address").asText();
            }
            if (c.get("name").asText().equals("ShareToken")) {
                shareTokenAddress = c.get("address").asText();
            }
        }
        assertNotNull(registryAddress, "DataRegistry is in the address book");
        Web3j web3j = Web3j.build(new HttpService(env("TRAINEX_CHAIN_URL", "http://127.0.0.1:8645")));
        try {
            DataRegistry registry = DataRegistry.load(registryAddress, web3j,
                    new ReadonlyTransactionManager(web3j, Credentials.create("0x1").getAddress()), new DefaultGasProvider());
            List<byte[]> proof = new ArrayList<>();
            entry.get("merkleProof").forEach(p -> proof.add(MerkleTree.fromHex(p.asText())));
            BigInteger batch = BigInteger.valueOf(entry.get("chainBatchId").asLong());
            byte[] digest = MerkleTree.fromHex(entry.get("contentDigest").asText());
            assertTrue(registry.verifyEntry(batch, digest, WALLET, BigInteger.valueOf(700), BigInteger.valueOf(700),
                    proof).send(), "the entry's inclusion proof verifies on chain");
            assertFalse(registry.verifyEntry(batch, digest, WALLET, BigInteger.valueOf(700), BigInteger.valueOf(701),
                    proof).send(), "a tampered share count does not verify");
            assertEquals(MerkleTree.toHex(registry.batch(batch).send().component2()), entry.get("merkleRoot").asText());
            org.trainex.chain.contracts.ShareToken shares = org.trainex.chain.contracts.ShareToken.load(shareTokenAddress,
                    web3j, new ReadonlyTransactionManager(web3j, WALLET), new DefaultGasProvider());
            assertEquals(BigInteger.valueOf(700), shares.balanceOf(WALLET, BigInteger.valueOf(0)).send(),
                    "the contributor holds one share per accepted sample of the open registry (token id 0)");
        } finally {
            web3j.shutdown();
        }
        JsonNode rows = json(call("GET", "/api/admin/chain-requests", admin, null));
        long confirmedForThis = 0;
        for (JsonNode row : rows) {
            if (entry.get("txHash").asText().equals(row.path("txHash").asText())) {
                assertEquals("CONFIRMED", row.get("state").asText());
                confirmedForThis++;
            }
        }
        assertEquals(1, confirmedForThis, "one outbox request, one transaction");
        assertTrue(rows.toString().contains(entry.get("sharesTxHash").asText()), "the share mint is in the outbox");
        assertEquals(403, call("GET", "/api/admin/chain-requests", contributor, null).statusCode());
    }

    @Test
    void aMisChecksummedOrZeroWalletIsRefusedAndNothingIsStored() throws Exception {
        String contributor = token("contributor");
        String admin = token("admin");
        byte[][] idx = fashionSubset("train", 31000, 100);
        String datasetId = registerDataset(contributor, "bad wallet", idx).get("id").asText();
        int before = json(call("GET", "/api/registry", admin, null)).size();
        for (String wallet : new String[] {"0x3c44CdDdB6a900fa2b585dd299e03d12FA4293BC",
            "0x0000000000000000000000000000000000000000"}) {
            HttpResponse<String> r = call("POST", "/api/admin/registry-entries", admin, JSON.createObjectNode()
                    .put("datasetId", datasetId).put("contributorWallet", wallet).put("reason", "IT").toString());
            assertEquals(400, r.statusCode(), r.body());
            assertTrue(json(r).get("detail").asText().contains(wallet.endsWith("0000") ? "zero address" : "checksum"),
                    r.body());
        }
        assertEquals(before, json(call("GET", "/api/registry", admin, null)).size());
        assertEquals(404, call("GET", "/api/registry/datasets/" + datasetId, admin, null).statusCode());
    }

    private static String entry_(String datasetId, String token) {
        try {
            return call("GET", "/api/registry/datasets/" + datasetId, token, null).body();
        } catch (Exception e) {
            return e.toString();
        }
    }

    private static String outbox(String token) {
        try {
            return call("GET", "/api/admin/chain-requests", token, null).body();
        } catch (Exception e) {
            return e.toString();
        }
    }
}
