package org.trainex.it;

import static org.junit.jupiter.api.Assertions.*;
import static org.trainex.it.TestEnvironment.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.time.Instant;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Data requests and proposals over the REST API of the deployed EAR: an initiator posts a request, a contributor
 * proposes a Fashion-MNIST shard that the server counts and checks against the request's schema; proposals of the
 * wrong size or with labels outside the label set, bad requests and wrong roles are refused and store nothing.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class DataMarketIT {
    static String initiator;
    static String contributor;
    static String consumer;
    static final String WALLET = "0x90F79bf6EB2c4f870365E785982E1f101E93b906";

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return ear();
    }

    @BeforeAll
    static void signIn() throws Exception {
        initiator = token("initiator");
        contributor = token("contributor");
        consumer = token("consumer");
    }

    static ObjectNode request(int... labels) {
        ObjectNode r = JSON.createObjectNode().put("title", "Fashion items").put("description", "28x28 grey images")
                .put("imageRows", 28).put("imageColumns", 28).put("targetSamples", 60000)
                .put("voteThreshold", 0.6).put("quorum", 0.2).put("votingPeriodSeconds", 600)
                .put("deadline", Instant.now().plusSeconds(86400).toString());
        var array = r.putArray("labels");
        for (int l : labels) {
            array.add(l);
        }
        return r;
    }

    static JsonNode created(HttpResponse<String> r) throws Exception {
        assertEquals(201, r.statusCode(), r.body());
        return json(r);
    }

    static ObjectNode proposal(byte[][] idx) throws Exception {
        return JSON.createObjectNode().put("contributorWallet", WALLET).put("imagesCid", upload(contributor, idx[0]))
                .put("labelsCid", upload(contributor, idx[1])).put("license", "CC-BY-4.0");
    }

    @Test
    void aContributorProposesAShardThatFitsTheRequest() throws Exception {
        JsonNode req = created(call("POST", "/api/data-requests", initiator, request(0, 1, 2, 3, 4, 5, 6, 7, 8, 9)
                .toString()));
        assertEquals("initiator", req.get("initiator").asText());
        assertEquals(0.6, req.get("voteThreshold").asDouble());
        assertEquals("OPEN", req.get("state").asText());
        String id = req.get("id").asText();

        JsonNode p = created(call("POST", "/api/data-requests/" + id + "/proposals", contributor,
                proposal(fashionSubset("train", 40000, 500)).toString()));
        assertEquals(500, p.get("sampleCount").asInt());
        assertEquals("SUBMITTED", p.get("state").asText());
        assertEquals(WALLET, p.get("contributorWallet").asText());
        long total = 0;
        for (JsonNode h : p.get("labelHistogram")) {
            total += h.asLong();
        }
        assertEquals(500, total);
        assertEquals(1, json(call("GET", "/api/data-requests/" + id, contributor, null)).get("proposals").asInt());
        assertEquals(1, json(call("GET", "/api/data-requests/" + id + "/proposals", initiator, null)).size());
    }

    @Test
    void proposalsOutsideTheSchemaAreRefusedWithTheReason() throws Exception {
        String id = created(call("POST", "/api/data-requests", initiator, request(0, 1, 2, 3, 4).toString()))
                .get("id").asText();
        HttpResponse<String> r = call("POST", "/api/data-requests/" + id + "/proposals", contributor,
                proposal(fashionSubset("train", 41000, 300)).toString());
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(json(r).get("detail").asText().contains("labels outside the label set [0, 1, 2, 3, 4]: [5, 6, 7, 8, 9]"),
                r.body());
        ObjectNode swapped = proposal(fashionSubset("train", 41500, 300));
        String images = swapped.get("imagesCid").asText();
        swapped.put("imagesCid", swapped.get("labelsCid").asText()).put("labelsCid", images);
        r = call("POST", "/api/data-requests/" + id + "/proposals", contributor, swapped.toString());
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(json(r).get("detail").asText().contains("wrong IDX header"), r.body());
        r = call("POST", "/api/data-requests/" + id + "/proposals", contributor,
                proposal(fashionSubset("train", 42000, 10)).put("contributorWallet", "0x1234").toString());
        assertEquals(400, r.statusCode(), r.body());
        assertEquals(0, json(call("GET", "/api/data-requests/" + id, contributor, null)).get("proposals").asInt());
    }

    @Test
    void badRequestsAndWrongRolesAreRefused() throws Exception {
        int before = json(call("GET", "/api/data-requests", initiator, null)).size();
        HttpResponse<String> r = call("POST", "/api/data-requests", initiator,
                request(0, 1).put("deadline", "2020-01-01T00:00:00Z").toString());
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(json(r).get("detail").asText().contains("deadline"), r.body());
        r = call("POST", "/api/data-requests", initiator, request(3).toString());
        assertEquals(400, r.statusCode(), r.body());
        assertEquals(403, call("POST", "/api/data-requests", consumer, request(0, 1).toString()).statusCode());
        assertEquals(403, call("POST", "/api/data-requests/00000000-0000-0000-0000-000000000000/proposals", initiator,
                "{}").statusCode());
        assertEquals(404, call("POST", "/api/data-requests/00000000-0000-0000-0000-000000000000/proposals",
                contributor, proposal(fashionSubset("train", 42500, 10)).toString()).statusCode());
        assertEquals(before, json(call("GET", "/api/data-requests", initiator, null)).size());
    }

    @Test
    void aCsvRequestTakesTablesWithItsColumnsAndRefusesOthers() throws Exception {
        ObjectNode req = JSON.createObjectNode().put("title", "Sensor readings").put("description", "tabular")
                .put("format", "CSV").put("labelColumn", "label").put("targetSamples", 100)
                .put("deadline", Instant.now().plusSeconds(86400).toString());
        req.putArray("columns").add("temperature").add("humidity").add("label");
        req.putArray("labels").add(0).add(1);
        JsonNode r = created(call("POST", "/api/data-requests", initiator, req.toString()));
        assertEquals("CSV", r.get("format").asText());
        String id = r.get("id").asText();
        StringBuilder csv = new StringBuilder("temperature,humidity,label\n");
        for (int i = 0; i < 20; i++) {
            csv.append(20 + i * 0.5).append(',').append(40 + i).append(',').append(i % 2).append('\n');
        }
        JsonNode p = created(call("POST", "/api/data-requests/" + id + "/proposals", contributor, JSON.createObjectNode()
                .put("contributorWallet", WALLET).put("dataCid", upload(contributor, csv.toString().getBytes()))
                .put("license", "CC0-1.0").toString()));
        assertEquals(20, p.get("sampleCount").asInt());
        assertEquals("CSV", p.get("format").asText());
        assertEquals("ABSTAIN", p.get("oracleVote").asText());
        JsonNode rows = json(call("GET", "/api/data-proposals/" + p.get("id").asText() + "/rows?count=3", curatorToken(),
                null));
        assertEquals(4, rows.size());
        assertEquals("temperature", rows.get(0).get(0).asText());

        String[][] bad = {
            {"humidity,temperature,label\n1,2,0\n", "the CSV header is [humidity, temperature, label]"},
            {"temperature,humidity,label\n1,2,5\n", "label 5 is outside the label set [0, 1]"},
            {"temperature,humidity,label\n1,2\n", "has 2 fields, the header 3"},
            {"temperature,humidity,label\n1,warm,0\n", "'warm' is not a finite number"}};
        for (String[] b : bad) {
            HttpResponse<String> res = call("POST", "/api/data-requests/" + id + "/proposals", contributor,
                    JSON.createObjectNode().put("contributorWallet", WALLET)
                            .put("dataCid", upload(contributor, b[0].getBytes())).put("license", "CC0-1.0").toString());
            assertEquals(400, res.statusCode(), res.body());
            assertTrue(res.body().contains(b[1]), res.body());
        }
        HttpResponse<String> idx = call("POST", "/api/data-requests/" + id + "/proposals", contributor,
                proposal(fashionSubset("train", 40600, 50)).toString());
        assertEquals(400, idx.statusCode(), "an IDX pair is no CSV: " + idx.body());
        assertEquals(1, json(call("GET", "/api/data-requests/" + id + "/proposals", initiator, null)).size(),
                "refused proposals store nothing");
        HttpResponse<String> noColumns = call("POST", "/api/data-requests", initiator, JSON.createObjectNode()
                .put("title", "x").put("format", "CSV").put("labelColumn", "y").put("targetSamples", 1)
                .put("deadline", Instant.now().plusSeconds(600).toString()).set("labels",
                        JSON.createArrayNode().add(0).add(1)).toString());
        assertEquals(400, noColumns.statusCode(), noColumns.body());
    }

    static String curatorToken() throws Exception {
        return token("curator");
    }
}
