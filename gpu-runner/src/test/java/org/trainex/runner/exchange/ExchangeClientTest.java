package org.trainex.runner.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.trainex.runner.FakeExchange;

/** {@link ExchangeClient} against the {@link FakeExchange}'s blob endpoints: credentials, 401, typed errors. */
class ExchangeClientTest {
    static final String KEY = "rk_client-test-key";
    final HttpClient http = HttpClient.newHttpClient();
    FakeExchange exchange;
    ExchangeClient client;

    @BeforeEach
    void start() throws Exception {
        exchange = new FakeExchange("runner-client", "secret", KEY);
        client = client(KEY);
    }

    ExchangeClient client(String key) {
        return new ExchangeClient(http, URI.create(exchange.exchangeUrl() + "/"), new OidcClientCredentials(http,
                exchange.tokenUrl(), "runner-client", "secret", Clock.systemUTC()), new RunnerKey(key));
    }

    @AfterEach
    void stop() {
        exchange.close();
    }

    HttpResponse<String> get(ExchangeClient c, String path) throws Exception {
        URI uri = c.uri(path);
        return c.send(() -> HttpRequest.newBuilder(uri).GET(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void sendsTheBearerTokenAndTheRunnerKeyAndRefreshesTheTokenOnceOn401() throws Exception {
        String cid = exchange.add("hello".getBytes(StandardCharsets.UTF_8));
        assertEquals(URI.create(exchange.exchangeUrl() + "/api/blobs/" + cid), client.uri("/api/blobs/" + cid),
                "the base URL's trailing slash is dropped");
        assertEquals("hello", get(client, "/api/blobs/" + cid).body());
        exchange.revokeToken();
        assertEquals("hello", get(client, "/api/blobs/" + cid).body(), "a fresh token after the 401");
        assertEquals(2, exchange.tokenRequests.get());
        assertEquals(0, exchange.keyRejections.get());

        exchange.rejectTokens = true;
        RunnerKeyRejectedException again = assertThrows(RunnerKeyRejectedException.class,
                () -> get(client, "/api/blobs/" + cid));
        assertTrue(again.afterFreshToken(), again.getMessage());
        assertEquals(RunnerKey.REJECTED + " (HTTP 401 on GET " + client.uri("/api/blobs/" + cid)
                + " even with a fresh bearer token)", again.getMessage());
        assertEquals(3, exchange.tokenRequests.get(), "one new token, not more");
    }

    @Test
    void a401NamingTheKeyIsARejectedKeyAtOnce() throws Exception {
        String cid = exchange.add(new byte[] {1});
        RunnerKeyRejectedException e = assertThrows(RunnerKeyRejectedException.class,
                () -> get(client("rk_revoked"), "/api/blobs/" + cid));
        assertFalse(e.afterFreshToken());
        assertEquals("Unauthorized: missing, unknown or revoked Trainex-Runner-Key", e.detail());
        assertTrue(e.getMessage().startsWith(RunnerKey.REJECTED + " (HTTP 401 on GET "), e.getMessage());
        assertFalse(e.getMessage().contains("rk_revoked"), "the key must not appear");
        assertEquals(1, exchange.tokenRequests.get(), "no new token");
    }

    @Test
    void errorAnswersAreTypedWithTheirProblemDetail() throws Exception {
        String cid = exchange.add(new byte[] {2});
        exchange.failWith.put(cid, 503);
        ExchangeHttpException busy = assertThrows(ExchangeHttpException.class, () -> get(client, "/api/blobs/" + cid));
        assertEquals(503, busy.status());
        assertTrue(busy.retryable());
        assertEquals("Injected: injected failure", busy.detail());
        assertEquals("HTTP 503: Injected: injected failure", busy.problem());
        assertEquals("GET", busy.method());
        exchange.failWith.put(cid, 403);
        ExchangeHttpException forbidden = assertThrows(ExchangeHttpException.class,
                () -> get(client, "/api/blobs/" + cid));
        assertFalse(forbidden.retryable());
        ExchangeHttpException missing = assertThrows(ExchangeHttpException.class,
                () -> get(client, "/api/blobs/" + exchange.add(new byte[] {3}).replace('a', 'b')));
        assertEquals(404, missing.status());
        assertEquals("HTTP 404", missing.problem(), "no body, no detail");
        assertTrue(missing instanceof ExchangeUnavailableException, "unmapped, it is the exchange's problem");
    }

    @Test
    void noAnswerIsARetryableConnectionFailure() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        ExchangeClient nobody = new ExchangeClient(http, URI.create("http://127.0.0.1:" + closedPort + "/trainex"),
                new TokenSource() {
                    @Override
                    public String accessToken() {
                        return "tok";
                    }

                    @Override
                    public void invalidate() {
                    }
                }, new RunnerKey(KEY));
        ExchangeConnectionException e = assertThrows(ExchangeConnectionException.class,
                () -> get(nobody, "/api/runners/r"));
        assertTrue(e.retryable());
        assertTrue(e.problem().startsWith("java.net.ConnectException"), e.problem());
    }
}
