package org.trainex.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trainex.it.TestEnvironment.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.net.http.HttpResponse;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;

/**
 * Issue 11 item 1, against the real exchange and dev chain: every wei that enters escrow or stake comes from the
 * wallet it is credited to. An order paid from an unfunded wallet is refused and nothing moves (no order, no ledger
 * journal, nothing on chain); an order naming a wallet the consumer did not link (the "10-ETH lock credited to a
 * wallet the caller merely named") is refused; a wallet link signed by another key is refused; the exchange no
 * longer stakes for providers (an amount is refused) and a provider's stake is what its wallet sent on chain.
 */
@ExtendWith(ArquillianExtension.class)
class EscrowFundingIT {
    static String consumer;
    static String admin;
    static String trainId;
    static String testId;

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return ear();
    }

    @BeforeAll
    static void setUp() throws Exception {
        consumer = token("consumer");
        admin = token("admin");
        String contributor = token("contributor");
        trainId = registerDataset(contributor, "escrow-it train", fashionSubset("train", 40000, 100)).get("id").asText();
        testId = registerDataset(contributor, "escrow-it test", fashionSubset("t10k", 8000, 50)).get("id").asText();
    }

    @AfterAll
    static void relinkTheUsualWallet() throws Exception {
        // later tests pay from the usual dev wallet of the consumer
        fundConsumer(token("consumer"), "consumer", CONSUMER_KEY, BigInteger.ZERO);
    }

    static ObjectNode order(String maxPrice) {
        ObjectNode o = JSON.createObjectNode().put("trainDatasetId", trainId).put("testDatasetId", testId)
                .put("epochs", 1).put("rounds", 1).put("batchSize", 50).put("minCapacitySamplesPerSecond", 100)
                .put("maxDurationSeconds", 600).put("maxPriceWei", maxPrice);
        o.putArray("regions").add("escrow-it-nowhere");
        return o;
    }

    static int orderCount() throws Exception {
        return json(call("GET", "/api/orders", admin, null)).size();
    }

    @Test
    void anOrderFromAnUnfundedWalletIsRefusedAndNothingMoves() throws Exception {
        Credentials fresh = Credentials.create(Keys.createEcKeyPair());
        JsonNode acct = fundConsumer(consumer, "consumer", fresh, BigInteger.ZERO);
        assertEquals(address(fresh), acct.get("wallet").asText());
        assertEquals("0", acct.get("depositWei").asText(), acct.toString());

        int orders = orderCount();
        var escrow = escrow(CONSUMER_KEY);
        BigInteger totalLocked = escrow.totalLocked().send();
        String ten = "10000000000000000000"; // 10 ETH
        HttpResponse<String> refused = call("POST", "/api/orders", consumer, order(ten).toString());
        assertEquals(400, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("deposit at least " + ten), refused.body());
        assertEquals(orders, orderCount(), "no order was stored");
        assertEquals(totalLocked, escrow.totalLocked().send(), "nothing was locked on chain");

        // the attack of the issue: name a rich wallet that is not yours
        HttpResponse<String> named = call("POST", "/api/orders", consumer, order(ten)
                .put("consumerWallet", address(CONSUMER_KEY)).toString());
        assertEquals(400, named.statusCode(), named.body());
        assertTrue(named.body().contains("not your payment wallet"), named.body());
        assertEquals(orders, orderCount());

        // once the wallet deposits from its own funds the order is taken (it waits for bids in a region nobody
        // serves); its price is reserved against the deposit, so a second order the deposit cannot also cover is
        // refused
        Credentials funder = Credentials.create(DEV_KEYS[9]);
        var tx = web3j().ethSendTransaction(org.web3j.protocol.core.methods.request.Transaction
                .createEtherTransaction(address(funder), null, null, null, address(fresh),
                        BigInteger.TEN.pow(17))).send();
        assertTrue(tx.getError() == null, () -> tx.getError().getMessage());
        org.web3j.protocol.core.methods.response.TransactionReceipt paid = null;
        for (int i = 0; i < 100 && paid == null; i++) {
            paid = web3j().ethGetTransactionReceipt(tx.getTransactionHash()).send().getTransactionReceipt()
                    .orElse(null);
            if (paid == null) {
                Thread.sleep(100); // polling a receipt: the dev chain mines on demand, within milliseconds
            }
        }
        assertTrue(paid != null, "the funding transfer was mined");
        escrow(fresh).deposit(BigInteger.valueOf(1_000_000)).send();
        HttpResponse<String> taken = call("POST", "/api/orders", consumer, order("700000").toString());
        assertEquals(201, taken.statusCode(), taken.body());
        assertEquals("AWAITING_BIDS", json(taken).get("state").asText());
        JsonNode after = json(call("GET", "/api/consumers/me", consumer, null));
        assertEquals("1000000", after.get("depositWei").asText(), after.toString());
        assertEquals("700000", after.get("reservedWei").asText(), after.toString());
        HttpResponse<String> second = call("POST", "/api/orders", consumer, order("400000").toString());
        assertEquals(400, second.statusCode(), second.body());
        assertTrue(second.body().contains("700000 wei of it claimed"), second.body());
    }

    @Test
    void aWalletIsLinkedOnlyWithItsOwnSignature() throws Exception {
        Credentials other = Credentials.create(Keys.createEcKeyPair());
        String wallet = address(CONSUMER_KEY);
        HttpResponse<String> r = call("POST", "/api/consumers/me/wallet", consumer, JSON.createObjectNode()
                .put("wallet", wallet).put("signature", sign(other,
                        org.trainex.computemarket.api.Consumers.walletMessage("consumer", wallet))).toString());
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(r.body().contains("not by " + wallet), r.body());
    }

    @Test
    void theExchangeNeverStakesForAProvider() throws Exception {
        String provider2 = token("provider2");
        Credentials fresh = Credentials.create(Keys.createEcKeyPair());
        String wallet = address(fresh);
        HttpResponse<String> r = call("POST", "/api/providers/me/stake", provider2, JSON.createObjectNode()
                .put("wallet", wallet).put("signature", sign(fresh,
                        org.trainex.computemarket.api.Providers.walletMessage("provider2", wallet)))
                .put("amountWei", "2000000000000000").toString());
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(r.body().contains("wallet stake"), r.body());
        // without an amount: the wallet is linked and its stake is what it sent on chain: nothing
        JsonNode acct = stake(provider2, "provider2", fresh, "0");
        assertEquals(wallet, acct.get("wallet").asText());
        assertEquals("0", acct.get("stakedWei").asText(), acct.toString());
        assertEquals(BigInteger.ZERO, escrow(fresh).stakeOf(wallet).send().component1());
    }
}
