package org.trainex.shared.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The chain command codec: every payload as the domain wrote it before the commands were typed (jakarta.json
 * builders) still decodes, commands round-trip, and a malformed payload fails naming its field.
 */
class ChainCommandCodecTest {
    static final String A = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
    static final String B = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
    static final UUID ID = UUID.fromString("0b6f3a2e-8a4e-4b1e-9a53-3f0d2c6b7e11");
    static final UUID ID2 = UUID.fromString("6c2e1f7a-9d3b-4c8e-8f1a-2b5d7e9c0a44");
    static final String KEY = ChainKeys.bytes32(ID);
    static final String KEY2 = ChainKeys.bytes32(ID2);
    static final String DIGEST = "0x" + "ab".repeat(32);

    /** One payload per kind, byte for byte as the pre-typed code built it. */
    static final Map<String, String> STORED = Map.of(
            "LOCK_ESCROW", "{\"orderId\":\"" + ID + "\",\"orderKey\":\"" + KEY + "\",\"consumer\":\"" + A
                    + "\",\"value\":\"8000000000000000\"}",
            "MARK_VERIFIED", "{\"orderId\":\"" + ID + "\",\"orderKey\":\"" + KEY + "\"}",
            "REFUND_ESCROW", "{\"orderId\":\"" + ID + "\",\"orderKey\":\"" + KEY + "\"}",
            "RELEASE_ESCROW", "{\"orderId\":\"" + ID + "\",\"orderKey\":\"" + KEY + "\",\"providers\":[\"" + A
                    + "\"],\"providerAmounts\":[\"10\"],\"holders\":[\"" + B + "\"],\"dividendAmounts\":[\"3\"],"
                    + "\"usageKey\":\"" + KEY2 + "\",\"usageDigest\":\"" + DIGEST + "\",\"refundWei\":\"7\","
                    + "\"usageId\":\"" + ID2 + "\"}",
            "PAY_DATA_FEE", "{\"usageId\":\"" + ID2 + "\",\"usageKey\":\"" + KEY2 + "\",\"usageDigest\":\"" + DIGEST
                    + "\",\"holders\":[\"" + A + "\",\"" + B + "\"],\"amounts\":[\"2\",\"3\"],\"value\":\"5\"}",
            "MINT_CURATOR_TOKENS", "{\"grantId\":\"" + ID + "\",\"holder\":\"" + A
                    + "\",\"amount\":\"100000000000000000000\"}",
            "RECORD_CURATION_TALLY", "{\"proposalId\":\"" + ID + "\",\"proposalKey\":\"" + KEY
                    + "\",\"snapshotBlock\":42,\"yesVotes\":\"5\",\"noVotes\":\"2\",\"accepted\":true,\"ballots\":["
                    + "{\"holder\":\"" + A + "\",\"support\":true,\"weight\":\"5\"},{\"holder\":\"" + B
                    + "\",\"support\":false,\"weight\":\"2\"}]}",
            "ANCHOR_REGISTRY_BATCH", "{\"batchId\":\"" + ID + "\",\"registryId\":\"" + KEY2 + "\",\"entries\":[{"
                    + "\"entryId\":\"" + ID2 + "\",\"contentDigest\":\"" + DIGEST + "\",\"contributor\":\"" + A
                    + "\",\"sampleCount\":3000,\"shares\":\"3000\"}]}",
            "MINT_REGISTRY_SHARES", "{\"batchId\":\"" + ID + "\",\"registryId\":\"" + KEY2 + "\",\"contributors\":[\""
                    + A + "\"],\"amounts\":[\"3000\"]}");

    @Test
    void everyKindAsStoredBeforeDecodesAndRoundTrips() {
        assertEquals(STORED.keySet(), ChainCommandCodec.kinds(), "one stored sample per kind");
        for (Map.Entry<String, String> e : STORED.entrySet()) {
            ChainCommand c = ChainCommandCodec.decode(e.getKey(), e.getValue());
            assertEquals(e.getKey(), c.kind());
            assertEquals(c, ChainCommandCodec.decode(c.kind(), ChainCommandCodec.encode(c)), e.getKey());
        }
        var release = assertInstanceOf(ChainCommand.ReleaseEscrow.class,
                ChainCommandCodec.decode("RELEASE_ESCROW", STORED.get("RELEASE_ESCROW")));
        assertEquals(List.of(WalletAddress.of(A)), release.providers());
        assertEquals(BigInteger.valueOf(3), release.dataFee());
        var tally = assertInstanceOf(ChainCommand.RecordCurationTally.class,
                ChainCommandCodec.decode("RECORD_CURATION_TALLY", STORED.get("RECORD_CURATION_TALLY")));
        assertEquals(42, tally.snapshotBlock());
        assertEquals(WalletAddress.of(B), tally.ballots().get(1).holder());
    }

    @Test
    void amountsAreWrittenAsDecimalStringsAndWalletsChecksummed() {
        String json = ChainCommandCodec.encode(new ChainCommand.LockEscrow(ID, WalletAddress.of(A.toLowerCase()),
                BigInteger.ONE.shiftLeft(200)));
        assertTrue(json.contains("\"value\":\"" + BigInteger.ONE.shiftLeft(200) + "\""), json);
        assertTrue(json.contains("\"consumer\":\"" + A + "\""), json);
        assertTrue(json.contains("\"orderKey\":\"" + KEY + "\""), json);
    }

    @Test
    void aReleaseWithoutDataFeeKeepsItsNullUsage() {
        var r = new ChainCommand.ReleaseEscrow(ID, KEY, List.of(WalletAddress.of(A)), List.of(BigInteger.TEN), null,
                ChainCommand.ReleaseEscrow.ZERO_KEY, ChainCommand.ReleaseEscrow.ZERO_KEY, List.of(), List.of(),
                BigInteger.ZERO);
        String json = ChainCommandCodec.encode(r);
        assertTrue(json.contains("\"usageId\":null"), json);
        assertNull(((ChainCommand.ReleaseEscrow) ChainCommandCodec.decode(r.kind(), json)).usageId());
    }

    @Test
    void malformedPayloadsFailNamingTheField() {
        assertMessage("orderKey", "MARK_VERIFIED", "{\"orderId\":\"" + ID + "\",\"orderKey\":\"0x12\"}");
        assertMessage("payload lacks \"orderId\"", "REFUND_ESCROW", "{\"orderKey\":\"" + KEY + "\"}");
        assertMessage("\"usageId\"", "RELEASE_ESCROW", STORED.get("RELEASE_ESCROW").replace(",\"usageId\":\"" + ID2
                + "\"", ""));
        assertMessage("holders[1]", "PAY_DATA_FEE", STORED.get("PAY_DATA_FEE").replace(B, "0x1234"));
        assertMessage("amounts[0]", "PAY_DATA_FEE", STORED.get("PAY_DATA_FEE").replace("[\"2\",", "[\"1.5\","));
        assertMessage("sum", "PAY_DATA_FEE", STORED.get("PAY_DATA_FEE").replace("\"value\":\"5\"", "\"value\":\"6\""));
        assertMessage("0 wei", "LOCK_ESCROW", STORED.get("LOCK_ESCROW").replace("8000000000000000", "0"));
        assertMessage("\"value\" is out of the uint256 range", "LOCK_ESCROW",
                STORED.get("LOCK_ESCROW").replace("8000000000000000", "-1"));
        assertMessage("add up", "RECORD_CURATION_TALLY",
                STORED.get("RECORD_CURATION_TALLY").replace("\"yesVotes\":\"5\"", "\"yesVotes\":\"6\""));
        assertMessage("zero address", "MINT_REGISTRY_SHARES",
                STORED.get("MINT_REGISTRY_SHARES").replace(A, WalletAddress.ZERO));
        assertMessage("at least one entry", "ANCHOR_REGISTRY_BATCH",
                "{\"batchId\":\"" + ID + "\",\"registryId\":\"" + KEY2 + "\",\"entries\":[]}");
        assertMessage("surplus", "MARK_VERIFIED", "{\"orderId\":\"" + ID + "\",\"orderKey\":\"" + KEY
                + "\",\"surplus\":1}");
        assertMessage("not JSON", "MARK_VERIFIED", "{\"orderId\":");
        assertMessage("no chain command of kind BURN", "BURN", "{}");
    }

    static void assertMessage(String part, String kind, String payload) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ChainCommandCodec.decode(kind, payload), part);
        assertTrue(e.getMessage().contains(part), part + " not in: " + e.getMessage());
    }
}
