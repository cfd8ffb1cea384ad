package org.trainex.it;

import static org.junit.jupiter.api.Assertions.*;
import static org.trainex.it.TestEnvironment.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.math.BigInteger;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;

/**
 * The data market's trust holes of issue 11 (findings 1, 3, 4 and 9), through the deployed EAR and the dev chain:
 * bounded numbers refused with 400 before anything changes (a voting period of 2^63-1, a curator-token grant above
 * 10^27 base units before it reaches the chain, a data fee above 10^27 wei, the zero address); one proposal whose
 * processing fails (its blob is lost) does not stop another proposal's tally, and is tallied once its blob is back;
 * {@code POST /datasets} cannot write the registry; copied samples are refused with their count, at submission and at
 * acceptance; requests are closed and proposals withdrawn only by their owners.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DataMarketTrustIT {
    static final BigInteger TOKEN = BigInteger.TEN.pow(18);
    static final String WALLET = "0x90F79bf6EB2c4f870365E785982E1f101E93b906";
    static String admin;
    static String initiator;
    static String contributor;
    static String contributor2;
    static String curator;

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return ear();
    }

    @BeforeAll
    static void signIn() throws Exception {
        awaitKeycloak();
        admin = token("admin");
        initiator = token("initiator");
        contributor = token("contributor");
        contributor2 = token("contributor2");
        curator = token("curator3");
    }

    static ObjectNode request(String title, long votingPeriodSeconds) {
        ObjectNode req = JSON.createObjectNode().put("title", title).put("description", "trust IT")
                .put("imageRows", 28).put("imageColumns", 28).put("targetSamples", 1000).put("voteThreshold", 0.5)
                .put("quorum", 0.0).put("votingPeriodSeconds", votingPeriodSeconds)
                .put("deadline", Instant.now().plusSeconds(3600).toString());
        var labels = req.putArray("labels");
        for (int l = 0; l < 10; l++) {
            labels.add(l);
        }
        return req;
    }

    static String createRequest(String token, ObjectNode body) throws Exception {
        HttpResponse<String> r = call("POST", "/api/data-requests", token, body.toString());
        assertEquals(201, r.statusCode(), r.body());
        return json(r).get("id").asText();
    }

    static HttpResponse<String> submit(String token, String requestId, byte[][] idx) throws Exception {
        return call("POST", "/api/data-requests/" + requestId + "/proposals", token, JSON.createObjectNode()
                .put("contributorWallet", WALLET).put("imagesCid", upload(token, idx[0]))
                .put("labelsCid", upload(token, idx[1])).put("license", "CC-BY-4.0").toString());
    }

    static String propose(String requestId, byte[][] idx) throws Exception {
        HttpResponse<String> r = submit(contributor, requestId, idx);
        assertEquals(201, r.statusCode(), r.body());
        return json(r).get("id").asText();
    }

    static JsonNode proposal(String id) throws Exception {
        return json(call("GET", "/api/data-proposals/" + id, admin, null));
    }

    static int count(String path) throws Exception {
        return json(call("GET", path, admin, null)).size();
    }

    static JsonNode decided(String id, Duration timeout) throws Exception {
        return await(timeout, () -> {
            JsonNode p = proposal(id);
            return "SUBMITTED".equals(p.get("state").asText()) ? null : p;
        });
    }

    /** An IDX pair of the train images {@code offsets}, in that order (repeats allowed). */
    static byte[][] idxOf(int... offsets) throws Exception {
        ByteArrayOutputStream ib = new ByteArrayOutputStream();
        DataOutputStream io = new DataOutputStream(ib);
        io.writeInt(0x803);
        io.writeInt(offsets.length);
        io.writeInt(28);
        io.writeInt(28);
        ByteArrayOutputStream lb = new ByteArrayOutputStream();
        DataOutputStream lo = new DataOutputStream(lb);
        lo.writeInt(0x801);
        lo.writeInt(offsets.length);
        for (int o : offsets) {
            byte[][] one = fashionSubset("train", o, 1);
            io.write(one[0], 16, 28 * 28);
            lo.write(one[1], 8, 1);
        }
        return new byte[][] {ib.toByteArray(), lb.toByteArray()};
    }

    @Test
    @Order(1)
    void boundedNumbersAreRefusedBeforeAnythingChanges() throws Exception {
        int requests = count("/api/data-requests");
        for (long period : new long[] {Long.MAX_VALUE, 7_776_001, 0}) {
            HttpResponse<String> r = call("POST", "/api/data-requests", initiator,
                    request("overflow " + period, period).toString());
            assertEquals(400, r.statusCode(), r.body());
            assertTrue(r.headers().firstValue("Content-Type").orElse("").contains("problem+json"), r.toString());
            assertTrue(json(r).get("detail").asText().contains("votingPeriodSeconds must be in 1..7776000"), r.body());
        }
        HttpResponse<String> farDeadline = call("POST", "/api/data-requests", initiator, request("far", 60)
                .put("deadline", Instant.now().plus(Duration.ofDays(4000)).toString()).toString());
        assertEquals(400, farDeadline.statusCode(), farDeadline.body());
        HttpResponse<String> relative = call("POST", "/api/data-requests", initiator, request("relative", 60)
                .put("oracleRelativeThreshold", 1.5).toString());
        assertEquals(400, relative.statusCode(), relative.body());
        assertEquals(requests, count("/api/data-requests"), "nothing stored");

        // a grant above 10^27 base units (and 2^208, which ERC20Votes would revert) never reaches the chain outbox
        int outbox = count("/api/admin/chain-requests");
        String holder = Keys.toChecksumAddress(Credentials.create(Keys.createEcKeyPair()).getAddress());
        for (BigInteger amount : List.of(BigInteger.TWO.pow(208), BigInteger.TEN.pow(27).add(BigInteger.ONE),
                BigInteger.ZERO)) {
            HttpResponse<String> g = call("POST", "/api/admin/curator-tokens", admin, JSON.createObjectNode()
                    .put("holder", holder).put("amount", amount.toString()).toString());
            assertEquals(400, g.statusCode(), g.body());
        }
        HttpResponse<String> zero = call("POST", "/api/admin/curator-tokens", admin, JSON.createObjectNode()
                .put("holder", "0x0000000000000000000000000000000000000000").put("amount", "1").toString());
        assertEquals(400, zero.statusCode(), zero.body());
        assertTrue(json(zero).get("detail").asText().contains("zero address"), zero.body());
        assertEquals(outbox, count("/api/admin/chain-requests"), "no chain request was made");

        HttpResponse<String> fee = call("POST", "/api/admin/data-usage", admin, "{\"reference\":\"trust-it\","
                + "\"dataFeeWei\":\"" + BigInteger.TEN.pow(27).add(BigInteger.ONE) + "\",\"entries\":[]}");
        assertEquals(400, fee.statusCode(), fee.body());
        assertTrue(json(fee).get("detail").asText().contains("at most 10^27 wei"), fee.body());

        // the zero address is no contributor wallet
        String requestId = createRequest(initiator, request("zero wallet", 60));
        byte[][] idx = fashionSubset("train", 56500, 20);
        HttpResponse<String> p = call("POST", "/api/data-requests/" + requestId + "/proposals", contributor,
                JSON.createObjectNode().put("contributorWallet", "0x0000000000000000000000000000000000000000")
                        .put("imagesCid", upload(contributor, idx[0])).put("labelsCid", upload(contributor, idx[1]))
                        .put("license", "MIT").toString());
        assertEquals(400, p.statusCode(), p.body());
        assertEquals(0, count("/api/data-requests/" + requestId + "/proposals"));
    }

    @Test
    @Order(2)
    void postDatasetsCannotWriteTheRegistryNorTakeAnotherUsersBlobs() throws Exception {
        int entries = count("/api/registry");
        int datasets = count("/api/datasets");
        byte[][] idx = fashionSubset("train", 56600, 50);
        String images = upload(contributor, idx[0]);
        String labels = upload(contributor, idx[1]);
        HttpResponse<String> r = call("POST", "/api/datasets", contributor, JSON.createObjectNode()
                .put("name", "bypass").put("imagesCid", images).put("labelsCid", labels)
                .put("contributorWallet", WALLET).toString());
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(json(r).get("detail").asText().contains("curation"), r.body());
        // another contributor may not register these blobs as its dataset; nor enter the registry by the admin path
        HttpResponse<String> other = call("POST", "/api/datasets", contributor2, JSON.createObjectNode()
                .put("name", "not mine").put("imagesCid", images).put("labelsCid", labels).toString());
        assertEquals(403, other.statusCode(), other.body());
        assertEquals(entries, count("/api/registry"), "no registry entry");
        assertEquals(datasets, count("/api/datasets"), "no dataset");
        HttpResponse<String> own = call("POST", "/api/datasets", contributor, JSON.createObjectNode()
                .put("name", "mine").put("imagesCid", images).put("labelsCid", labels).toString());
        assertEquals(201, own.statusCode(), own.body());
        assertEquals(403, call("POST", "/api/admin/registry-entries", contributor, JSON.createObjectNode()
                .put("datasetId", json(own).get("id").asText()).put("contributorWallet", WALLET)
                .put("reason", "please").toString()).statusCode());
        assertEquals(entries, count("/api/registry"), "still no registry entry");
    }

    static boolean absent(JsonNode n, String field) {
        return n.path(field).isMissingNode() || n.path(field).isNull();
    }

    /** Where the test server keeps a blob's bytes (see FileSystemBlobStorage). */
    static Path blobFile(byte[] bytes) throws Exception {
        String hex = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        for (Path dir : List.of(HOME.resolve("var/test/wildfly/data/trainex-blobs"), HOME.resolve("var/test/blobs"))) {
            Path p = dir.resolve(hex.substring(0, 2)).resolve(hex);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return fail("blob " + hex + " is not in the test server's blob store");
    }

    @Test
    @Order(3)
    void aFailingProposalDoesNotStopOtherTalliesAndCopiesAreRefusedWithTheirCount() throws Exception {
        // a curator with power that votes itself
        Credentials key = Credentials.create(Keys.createEcKeyPair());
        assertEquals(200, CurationFlowIT.link(curator, "curator3", key, CurationFlowIT.signLink(key, "curator3"))
                .get("status").asInt());
        assertEquals(200, call("PUT", "/api/curators/me/delegation", curator, "{\"delegate\":\"\"}").statusCode());
        HttpResponse<String> g = call("POST", "/api/admin/curator-tokens", admin, JSON.createObjectNode()
                .put("holder", Keys.toChecksumAddress(key.getAddress())).put("amount", TOKEN.toString()).toString());
        assertEquals(201, g.statusCode(), g.body());
        CurationFlowIT.await("the curator's tokens", Duration.ofSeconds(60), () -> {
            JsonNode me = json(call("GET", "/api/curators/me", curator, null));
            return me.hasNonNull("votingPower") && new BigInteger(me.get("votingPower").asText()).signum() > 0;
        });

        String requestId = createRequest(initiator, request("trust IT curation", 12));
        byte[][] lost = fashionSubset("train", 55000, 300);
        String failing = propose(requestId, lost); // submitted first: its vote ends first
        String good = propose(requestId, fashionSubset("train", 55300, 300));
        String copy = propose(requestId, fashionSubset("train", 55300, 150)); // pending with the same samples
        for (String p : List.of(failing, good, copy)) {
            await(Duration.ofSeconds(30), () -> proposal(p).hasNonNull("snapshotBlock") ? proposal(p) : null);
            HttpResponse<String> v = call("POST", "/api/data-proposals/" + p + "/votes", curator,
                    "{\"support\":true}");
            assertEquals(201, v.statusCode(), v.body());
        }
        // the first proposal's images are lost from the store: its tally fails (it reads them to check copies)
        Path file = blobFile(lost[0]);
        Files.delete(file);

        JsonNode accepted = decided(good, Duration.ofSeconds(60));
        assertEquals("ACCEPTED", accepted.get("state").asText(), accepted.toString());
        JsonNode refused = decided(copy, Duration.ofSeconds(60));
        assertEquals("REJECTED", refused.get("state").asText(), refused.toString());
        assertTrue(refused.get("decisionNote").asText().contains("150 of 150 samples duplicate accepted registry data"),
                refused.toString());
        assertEquals("SUBMITTED", proposal(failing).get("state").asText(), "its tally keeps failing, alone");
        Path log = HOME.resolve("var/test/logs/wildfly/server.log");
        if (Files.isRegularFile(log)) {
            long warnings = Files.readAllLines(log, java.nio.charset.StandardCharsets.ISO_8859_1).stream()
                    .filter(l -> l.contains("tallying proposal " + failing + " failed")).count();
            assertEquals(1, warnings, "a failing proposal is logged once with its id");
        }
        // the blob comes back (the contributor uploads it again): the proposal is tallied after its back-off
        upload(contributor, lost[0]);
        JsonNode recovered = decided(failing, Duration.ofSeconds(90));
        assertEquals("ACCEPTED", recovered.get("state").asText(), recovered.toString());

        // a copy of accepted data is refused at submission with the count; so are repeats within one proposal
        int proposals = count("/api/data-requests/" + requestId + "/proposals");
        HttpResponse<String> overlap = submit(contributor2, requestId, fashionSubset("train", 55200, 200));
        assertEquals(400, overlap.statusCode(), overlap.body());
        assertTrue(json(overlap).get("detail").asText().contains("200 of 200 samples duplicate accepted registry data"),
                overlap.body());
        HttpResponse<String> repeats = submit(contributor2, requestId, idxOf(57000, 57001, 57000, 57002, 57001));
        assertEquals(400, repeats.statusCode(), repeats.body());
        assertTrue(json(repeats).get("detail").asText().contains("2 of 5 samples repeat another sample"),
                repeats.body());
        String other = createRequest(initiator, request("trust IT copy elsewhere", 60));
        HttpResponse<String> elsewhere = submit(contributor2, other, fashionSubset("train", 55300, 300));
        assertEquals(400, elsewhere.statusCode(), elsewhere.body());
        assertTrue(json(elsewhere).get("detail").asText().contains("300 of 300 samples duplicate"), elsewhere.body());
        assertEquals(proposals, count("/api/data-requests/" + requestId + "/proposals"), "nothing stored");
    }

    @Test
    @Order(4)
    void requestsAreClosedAndProposalsWithdrawnOnlyByTheirOwners() throws Exception {
        // an admin's request: the initiator is not its owner
        String adminsRequest = createRequest(admin, request("admin's request", 60));
        assertEquals(403, call("POST", "/api/data-requests/" + adminsRequest + "/close", initiator, null).statusCode());
        assertEquals(403, call("POST", "/api/data-requests/" + adminsRequest + "/close", contributor, null)
                .statusCode());
        assertEquals(404, call("POST", "/api/data-requests/00000000-0000-0000-0000-00000000abcd/close", initiator,
                null).statusCode());

        String requestId = createRequest(initiator, request("trust IT close", 4));
        String withdrawn = propose(requestId, fashionSubset("train", 56000, 100));
        String finishing = propose(requestId, fashionSubset("train", 56100, 100));
        String path = "/api/data-requests/" + requestId + "/proposals/" + withdrawn + "/withdraw";
        assertEquals(403, call("POST", path, contributor2, null).statusCode(), "not its contributor");
        assertEquals(403, call("POST", path, initiator, null).statusCode(), "not a contributor");
        assertEquals(404, call("POST", "/api/data-requests/" + requestId
                + "/proposals/00000000-0000-0000-0000-00000000abcd/withdraw", contributor, null).statusCode());
        HttpResponse<String> w = call("POST", path, contributor, null);
        assertEquals(200, w.statusCode(), w.body());
        assertEquals("WITHDRAWN", json(w).get("state").asText());
        assertEquals(400, call("POST", path, contributor, null).statusCode(), "already withdrawn");

        HttpResponse<String> closed = call("POST", "/api/data-requests/" + requestId + "/close", initiator, null);
        assertEquals(200, closed.statusCode(), closed.body());
        assertEquals("CLOSED", json(closed).get("state").asText());
        assertEquals("initiator", json(closed).get("closedBy").asText());
        assertEquals(400, call("POST", "/api/data-requests/" + requestId + "/close", initiator, null).statusCode());
        HttpResponse<String> late = submit(contributor, requestId, fashionSubset("train", 56200, 100));
        assertEquals(400, late.statusCode(), late.body());
        assertTrue(json(late).get("detail").asText().contains("closed"), late.body());

        // the open vote still finishes after the close; the withdrawn proposal is never tallied
        JsonNode finished = decided(finishing, Duration.ofSeconds(60));
        assertEquals("REJECTED", finished.get("state").asText(), "nobody voted: " + finished);
        JsonNode w2 = proposal(withdrawn);
        assertEquals("WITHDRAWN", w2.get("state").asText(), w2.toString());
        assertTrue(absent(w2, "yesVotes") && absent(w2, "decidedAt"), "never tallied: " + w2);
        assertEquals(2, count("/api/data-requests/" + requestId + "/proposals"));
    }
}
