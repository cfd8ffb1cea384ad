package org.trainex.it;

import static org.junit.jupiter.api.Assertions.*;
import static org.trainex.it.TestEnvironment.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.Arrays;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.trainex.jobs.protocol.ContentIds;

/**
 * The REST API of the deployed EAR on the real WildFly, PostgreSQL and Keycloak: authentication (401), roles
 * (403), datasets and orders, and bad input (4xx problem+json, nothing stored).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ExchangeApiIT {
    static String contributor;
    static String consumer;
    static String admin;

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return ear();
    }

    @BeforeAll
    static void signIn() throws Exception {
        contributor = token("contributor");
        consumer = token("consumer");
        admin = token("admin");
    }

    static void assertProblem(HttpResponse<String> r, int status, String detailPart) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"),
                "problem+json expected, got " + r.headers().firstValue("Content-Type"));
        JsonNode p = json(r);
        assertEquals(status, p.get("status").asInt());
        assertTrue(p.get("detail").asText().contains(detailPart), p.get("detail").asText());
    }

    @Test
    void withoutATokenTheApiAnswers401() throws Exception {
        for (String path : new String[] {"/api/datasets", "/api/orders", "/api/jobs"}) {
            assertEquals(401, call("GET", path, null, null).statusCode(), path);
        }
        assertEquals(401, call("POST", "/api/orders", null, "{}").statusCode());
        assertEquals(401, call("GET", "/api/datasets", "not-a-jwt", null).statusCode());
    }

    @Test
    void aRoleThatMayNotGets403() throws Exception {
        assertEquals(403, call("GET", "/api/orders", contributor, null).statusCode());
        assertEquals(403, call("POST", "/api/orders", contributor, "{}").statusCode());
        assertEquals(403, call("POST", "/api/datasets", consumer, "{}").statusCode());
    }

    @Test
    void registersADatasetAndRefusesAnUnpricedOrder() throws Exception {
        JsonNode train = registerDataset(contributor, "api-it train", fashionSubset("train", 0, 1000));
        assertEquals(1000, train.get("sampleCount").asInt());
        assertEquals(28, train.get("rows").asInt());
        assertEquals(10, train.get("classes").asInt());
        assertEquals(1000, sum(train.get("labelHistogram")));
        JsonNode test = registerDataset(contributor, "api-it test", fashionSubset("t10k", 0, 500));

        // every order is priced and goes through matching, escrow and settlement (issue 12 item 4): an unpriced
        // order is refused for everyone, admins included, and stores nothing
        String unpriced = JSON.createObjectNode().put("trainDatasetId", train.get("id").asText())
                .put("testDatasetId", test.get("id").asText()).put("epochs", 1).toString();
        int orders = json(call("GET", "/api/orders", admin, null)).size();
        assertProblem(call("POST", "/api/orders", consumer, unpriced), 400, "maxPriceWei");
        assertProblem(call("POST", "/api/orders", admin, unpriced), 400, "maxPriceWei");
        assertEquals(orders, json(call("GET", "/api/orders", admin, null)).size(), "a refused order stores nothing");
    }

    @Test
    void anUploadWhoseBytesDoNotMatchItsContentIdIsRejectedAndNotStored() throws Exception {
        byte[] claimed = "the bytes the client says it sends".getBytes();
        byte[] sent = "different bytes".getBytes();
        String cid = ContentIds.of(claimed);
        assertProblem(call("PUT", "/api/blobs/" + cid, contributor, sent), 400, "digest mismatch");
        assertEquals(404, call("GET", "/api/blobs/" + cid + "/info", contributor, null).statusCode());
        assertEquals(404, call("GET", "/api/blobs/" + ContentIds.of(sent) + "/info", contributor, null).statusCode());
        assertProblem(call("PUT", "/api/blobs/not-a-cid", contributor, sent), 400, "not a content id");
    }

    @Test
    void malformedDatasetsAreRejectedWithTheReasonAndNothingIsStored() throws Exception {
        int before = json(call("GET", "/api/datasets", contributor, null)).size();
        byte[][] idx = fashionSubset("train", 2000, 300);
        byte[] truncated = Arrays.copyOf(idx[0], idx[0].length - 100);
        String images = upload(contributor, truncated);
        String labels = upload(contributor, idx[1]);
        assertProblem(call("POST", "/api/datasets", contributor, JSON.createObjectNode().put("name", "truncated")
                .put("imagesCid", images).put("labelsCid", labels).toString()), 400, "truncated");
        // labels swapped for images: wrong IDX header
        assertProblem(call("POST", "/api/datasets", contributor, JSON.createObjectNode().put("name", "swapped")
                .put("imagesCid", labels).put("labelsCid", upload(contributor, idx[0])).toString()), 400,
                "wrong IDX header");
        // a blob that was never uploaded
        assertProblem(call("POST", "/api/datasets", contributor, JSON.createObjectNode().put("name", "missing")
                .put("imagesCid", ContentIds.of(new byte[] {9})).put("labelsCid", labels).toString()), 404, "no blob");
        assertProblem(call("POST", "/api/datasets", contributor, "{\"name\": "), 400, "malformed");
        assertEquals(before, json(call("GET", "/api/datasets", contributor, null)).size());
    }

    @Test
    void badOrdersAreRejectedAndNothingIsStored() throws Exception {
        int before = json(call("GET", "/api/orders", admin, null)).size();
        JsonNode train = registerDataset(contributor, "api-it bad-order train", fashionSubset("train", 5000, 200));
        JsonNode test = registerDataset(contributor, "api-it bad-order test", fashionSubset("t10k", 5000, 100));
        String t = train.get("id").asText();
        String e = test.get("id").asText();
        assertProblem(call("POST", "/api/orders", admin, "{\"testDatasetId\":\"" + e + "\"}"), 400, "required");
        assertProblem(call("POST", "/api/orders", admin, order(t, e).put("epochs", 0).toString()), 400, "epochs");
        assertProblem(call("POST", "/api/orders", admin, order(t, e).put("batchSize", -5).toString()), 400,
                "batchSize");
        assertProblem(call("POST", "/api/orders", admin, order(t, t).toString()), 400, "held out");
        assertProblem(call("POST", "/api/orders", admin, order(t, "00000000-0000-0000-0000-000000000000")
                .toString()), 404, "no dataset");
        assertProblem(call("POST", "/api/orders", admin, order(t, e).put("modelConfig", "{not json").toString()),
                400, "not valid JSON");
        assertProblem(call("POST", "/api/orders", admin, "[1,2]"), 400, "malformed");
        assertEquals(404, call("GET", "/api/orders/00000000-0000-0000-0000-000000000000", admin, null)
                .statusCode());
        assertEquals(before, json(call("GET", "/api/orders", admin, null)).size());
    }

    /** A priced order (every order is, issue 12 item 4); the admin has no payment wallet, so none would place. */
    private static com.fasterxml.jackson.databind.node.ObjectNode order(String train, String test) {
        return JSON.createObjectNode().put("trainDatasetId", train).put("testDatasetId", test)
                .put("maxPriceWei", "1000000").put("minCapacitySamplesPerSecond", 100).put("maxDurationSeconds", 3600);
    }

    private static long sum(JsonNode array) {
        long s = 0;
        for (JsonNode n : array) {
            s += n.asLong();
        }
        return s;
    }
}
