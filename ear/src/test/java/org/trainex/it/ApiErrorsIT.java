package org.trainex.it;

import static org.junit.jupiter.api.Assertions.*;
import static org.trainex.it.TestEnvironment.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.as.controller.client.helpers.Operations;
import org.jboss.dmr.ModelNode;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.trainex.jobs.protocol.ContentIds;

/**
 * Error answers of the REST API and the portal on the real server (issue 11, item 8): oversize uploads and JSON
 * bodies get 413 problem+json (declared by Content-Length, and counted when streamed without one); 401 and 403 are
 * problem+json for REST clients while browsers are still sent to Keycloak; malformed ids get 400; the OpenAPI
 * document is where the README says; a failing portal page shows an incident id that the server log has with the
 * stack trace, and no stack trace.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ApiErrorsIT {
    static final String UPLOAD_LIMIT = "trainex.max.upload.bytes";
    static String contributor;
    static String consumer;

    @ArquillianResource
    ManagementClient management;

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return ear();
    }

    @BeforeAll
    static void signIn() throws Exception {
        contributor = token("contributor");
        consumer = token("consumer");
    }

    static JsonNode assertProblem(HttpResponse<String> r, int status, String detailPart) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"),
                "problem+json expected, got " + r.headers().firstValue("Content-Type") + ": " + r.body());
        JsonNode p = json(r);
        assertEquals(status, p.get("status").asInt(), r.body());
        assertTrue(p.get("detail").asText().contains(detailPart), p.get("detail").asText());
        return p;
    }

    /** A raw HTTP/1.1 request, so a test may declare a Content-Length that it does not send. */
    static String[] raw(String head, byte[] body) throws Exception {
        try (Socket s = new Socket("127.0.0.1", HTTP_PORT)) {
            s.setSoTimeout(60_000);
            OutputStream out = s.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            // read until the answer's head and its body (by Content-Length, or the end of a chunked body) arrived;
            // the server may keep the connection open to drain the body it was promised
            InputStream in = s.getInputStream();
            java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            while (true) {
                String text = got.toString(StandardCharsets.UTF_8);
                int split = text.indexOf("\r\n\r\n");
                if (split > 0) {
                    String answerHead = text.substring(0, split);
                    String answerBody = text.substring(split + 4);
                    Matcher length = Pattern.compile("(?im)^content-length:\\s*(\\d+)").matcher(answerHead);
                    if ((length.find() && answerBody.getBytes(StandardCharsets.UTF_8).length
                            >= Integer.parseInt(length.group(1))) || answerBody.endsWith("0\r\n\r\n")) {
                        return new String[] {answerHead, answerBody};
                    }
                }
                int n;
                try {
                    n = in.read(buf);
                } catch (java.net.SocketException e) {
                    n = -1;  // reset after the answer: what arrived is all there is
                }
                if (n < 0) {
                    assertTrue(split > 0, "no answer: " + text);
                    return new String[] {text.substring(0, split), text.substring(split + 4)};
                }
                got.write(buf, 0, n);
            }
        }
    }

    @Test
    void anUploadDeclaringMoreThanTheLimitGets413BeforeAByteIsStored() throws Exception {
        // the default limit, 512 MiB: 512 MiB + 1 declared, a few bytes sent
        byte[] few = "the first bytes of a huge upload".getBytes(StandardCharsets.UTF_8);
        String cid = ContentIds.of(few);
        long declared = 512L * 1024 * 1024 + 1;
        String[] answer = raw("PUT /trainex/api/blobs/" + cid + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Authorization: Bearer " + contributor + "\r\nAccept: application/json\r\n"
                + "Content-Type: application/octet-stream\r\nContent-Length: " + declared + "\r\n"
                + "Connection: close\r\n\r\n", few);
        assertTrue(answer[0].startsWith("HTTP/1.1 413"), answer[0] + "\n" + answer[1]);
        assertTrue(answer[0].toLowerCase().contains("content-type: application/problem+json"), answer[0]);
        assertTrue(answer[1].contains("\"status\":413") && answer[1].contains("536870912"), answer[1]);
        assertEquals(404, call("GET", "/api/blobs/" + cid + "/info", contributor, null).statusCode());
    }

    @Test
    void uploadsOverASmallLimitGet413WithAndWithoutAContentLength() throws Exception {
        setSystemProperty(UPLOAD_LIMIT, "4096");
        try {
            byte[] over = new byte[4097];
            new java.util.Random(7).nextBytes(over);
            String cid = ContentIds.of(over);
            assertProblem(call("PUT", "/api/blobs/" + cid, contributor, over), 413, "4096");
            // streamed without a length (chunked): counted while read
            HttpResponse<String> chunked = HTTP.send(HttpRequest.newBuilder(URI.create(EXCHANGE + "/api/blobs/" + cid))
                    .timeout(Duration.ofMinutes(2)).header("Authorization", "Bearer " + contributor)
                    .header("Accept", "application/json").header("Content-Type", "application/octet-stream")
                    .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(over))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertProblem(chunked, 413, "4096");
            assertEquals(404, call("GET", "/api/blobs/" + cid + "/info", contributor, null).statusCode());
            byte[] within = java.util.Arrays.copyOf(over, 4096);
            assertEquals(cid.length(), upload(contributor, within).length(), "an upload at the limit is stored");
        } finally {
            removeSystemProperty(UPLOAD_LIMIT);
        }
    }

    @Test
    void aJsonBodyOverOneMebibyteGets413BeforeParsingAndNothingIsStored() throws Exception {
        int before = json(call("GET", "/api/orders", consumer, null)).size();
        String big = "{\"epochs\":1,\"modelConfig\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}";
        assertProblem(call("POST", "/api/orders", consumer, big), 413, "JSON body");
        HttpResponse<String> chunked = HTTP.send(HttpRequest.newBuilder(URI.create(EXCHANGE + "/api/orders"))
                .timeout(Duration.ofMinutes(2)).header("Authorization", "Bearer " + consumer)
                .header("Accept", "application/json").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(
                        big.getBytes(StandardCharsets.UTF_8)))).build(), HttpResponse.BodyHandlers.ofString());
        assertProblem(chunked, 413, "JSON body");
        assertEquals(before, json(call("GET", "/api/orders", consumer, null)).size());
        // a small body still reaches validation
        assertProblem(call("POST", "/api/orders", consumer, "{\"epochs\":1}"), 400, "required");
    }

    @Test
    void withoutOrWithABadTokenTheApiAnswers401ProblemJson() throws Exception {
        for (String path : new String[] {"/api/datasets", "/api/orders", "/api/jobs"}) {
            assertProblem(call("GET", path, null, null), 401, "bearer token");
        }
        assertProblem(call("POST", "/api/orders", null, "{}"), 401, "bearer token");
        assertProblem(call("GET", "/api/datasets", "not-a-jwt", null), 401, "bearer token");
    }

    @Test
    void aRoleThatMayNotGets403ProblemJson() throws Exception {
        assertProblem(call("GET", "/api/orders", contributor, null), 403, "");
        assertProblem(call("POST", "/api/datasets", consumer, "{}"), 403, "");
        assertProblem(call("GET", "/api/admin/chain-requests", consumer, null), 403, "");
    }

    @Test
    void browsersAreStillSentToKeycloak() throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(EXCHANGE + "/index.xhtml"))
                .header("Accept", "text/html,application/xhtml+xml").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(302, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Location").orElse("").startsWith(KEYCLOAK), r.headers().toString());
    }

    @Test
    void malformedIdsGet400NamingTheId() throws Exception {
        JsonNode p = assertProblem(call("GET", "/api/orders/not-a-uuid", consumer, null), 400, "malformed id 'not-a-uuid'");
        assertEquals("Bad Request", p.get("title").asText());
        assertProblem(call("GET", "/api/jobs/1234", consumer, null), 400, "malformed id '1234'");
        assertProblem(call("GET", "/api/orders/quote?trainDatasetId=zzz", consumer, null), 400, "malformed id 'zzz'");
        assertProblem(call("GET", "/api/datasets/1-1-1-1-1", contributor, null), 400, "malformed id");
        // a well-formed unknown id is still 404
        assertProblem(call("GET", "/api/orders/00000000-0000-0000-0000-000000000000", consumer, null), 404, "");
    }

    @Test
    void theOpenApiDocumentIsWhereTheReadmeSaysIt() throws Exception {
        String readme = Files.readString(HOME.resolve("README.md"));
        Matcher m = Pattern.compile("`GET (/[^` ?]*openapi)`").matcher(readme);
        assertTrue(m.find(), "the README names the OpenAPI path");
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + HTTP_PORT
                + m.group(1))).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), m.group(1) + ": " + r.body());
        assertTrue(r.body().contains("openapi:") && r.body().contains("/api/orders"), r.body());
    }

    @Test
    void aFailingPortalPageShowsAnIncidentIdAndNoStackTrace() throws Exception {
        // a postback with a view state the server never issued fails the Faces lifecycle (ViewExpiredException)
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(EXCHANGE + "/index.xhtml"))
                .header("Authorization", "Bearer " + consumer).header("Accept", "text/html")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("menuForm=menuForm&jakarta.faces.ViewState=never-issued"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(500, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/html"), r.headers().toString());
        Matcher id = Pattern.compile("id=\"incident\">([0-9a-f]{12})<").matcher(r.body());
        assertTrue(id.find(), "no incident id in " + r.body());
        for (String trace : new String[] {"Exception", "at org.", "at jakarta.", "at io.undertow", ".java:"}) {
            assertFalse(r.body().contains(trace), "the page shows a stack trace (" + trace + "): " + r.body());
        }
        var log = HOME.resolve("var/test/logs/wildfly/server.log");
        String incident = id.group(1);
        JsonNode logged = await(Duration.ofSeconds(30), () -> {
            String text = Files.readString(log);
            int at = text.indexOf("incident " + incident);
            return at < 0 ? null : JSON.getNodeFactory().textNode(text.substring(Math.max(0, at - 200),
                    Math.min(text.length(), at + 2000)));
        });
        assertTrue(logged.asText().contains("SEVERE") || logged.asText().contains("ERROR"), logged.asText());
        assertTrue(logged.asText().contains("ViewExpiredException"), "the log has the stack trace: " + logged.asText());
    }

    @Test
    void theCurationPageRendersForACuratorWithoutAWallet() throws Exception {
        String curator = token("curator2");
        JsonNode me = json(call("GET", "/api/curators/me", curator, null));
        assertTrue(me.get("wallet") == null || me.get("wallet").isNull(), "curator2 has a wallet already: " + me);
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(EXCHANGE + "/datamarket/curation.xhtml"))
                .header("Authorization", "Bearer " + curator).header("Accept", "text/html").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().contains("Message to sign") && r.body().contains("id=\"curationForm:message\""), r.body());
        assertFalse(r.body().contains("Cannot find component"), r.body());
    }

    private void setSystemProperty(String name, String value) throws Exception {
        removeSystemProperty(name);
        ModelNode op = Operations.createAddOperation(Operations.createAddress("system-property", name));
        op.get("value").set(value);
        ModelNode result = management.getControllerClient().execute(op);
        assertTrue(Operations.isSuccessfulOutcome(result), result.toString());
    }

    private void removeSystemProperty(String name) throws Exception {
        management.getControllerClient().execute(Operations.createRemoveOperation(
                Operations.createAddress("system-property", name)));
    }
}
