package org.trainex.runner.capacity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.trainex.jobs.protocol.RunnerAuth;
import org.trainex.runner.exchange.ExchangeUnavailableException;
import org.trainex.runner.exchange.RunnerKey;
import org.trainex.runner.exchange.TokenSource;

/**
 * {@link ExchangeRegistration} against a JDK {@link HttpServer} on the loopback interface acting as the exchange
 * ({@code /trainex/api/runners/...}), with a fake {@link TokenSource}. Backoff and heartbeat intervals are
 * shortened to milliseconds.
 */
class ExchangeRegistrationTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final ExchangeRegistration.Profile PROFILE = new ExchangeRegistration.Profile("acme", "eu-north",
            "cpu x2, ND4J CpuBackend, 1 thread(s)", 3456.5, CapacityProbe.MEASURED_ON);
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    static final RunnerKey KEY = new RunnerKey("rk_registration-test-key");
    /** How the exchange refuses an unknown or revoked runner key. */
    static final String KEY_REFUSAL = "{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,"
            + "\"detail\":\"unknown or revoked Trainex-Runner-Key\"}";

    /** One request the fake exchange received. */
    record Received(String method, String path, String authorization, String runnerKey, String contentType,
                    JsonNode body) {
    }

    HttpServer server;
    final Queue<Received> requests = new ConcurrentLinkedQueue<>();
    /** Status for the n-th PUT (0-based). */
    volatile Function<Integer, Integer> putStatus = n -> 201;
    volatile Function<Integer, Integer> heartbeatStatus = n -> 204;
    volatile String putBody = "{\"id\":\"r-1\",\"state\":\"ACTIVE\"}";
    /** Body of a refused PUT (status 300 and more). */
    volatile String refusalBody = "{\"type\":\"about:blank\",\"title\":\"Bad Request\","
            + "\"detail\":\"region must have 1 to 100 characters\"}";
    final AtomicInteger puts = new AtomicInteger();
    final AtomicInteger heartbeats = new AtomicInteger();
    final FakeTokens tokens = new FakeTokens();
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    ExchangeRegistration registration;

    /** Hands out "tok-1", "tok-2"... : a new one after each {@link #invalidate()}. */
    static final class FakeTokens implements TokenSource {
        final AtomicInteger issued = new AtomicInteger();
        final AtomicInteger invalidations = new AtomicInteger();
        /** Every call of {@link #accessToken()}: one per registration or heartbeat attempt. */
        final AtomicInteger requested = new AtomicInteger();
        volatile boolean unreachable;
        private String current;

        @Override
        public synchronized String accessToken() throws ExchangeUnavailableException {
            requested.incrementAndGet();
            if (unreachable) {
                throw new ExchangeUnavailableException("cannot reach the OIDC token endpoint (fake)");
            }
            if (current == null) {
                current = "tok-" + issued.incrementAndGet();
            }
            return current;
        }

        @Override
        public synchronized void invalidate() {
            invalidations.incrementAndGet();
            current = null;
        }
    }

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.createContext("/trainex/api/runners/", this::handle);
        server.start();
    }

    @AfterEach
    void stop() {
        if (registration != null) {
            registration.close();
        }
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] raw = ex.getRequestBody().readAllBytes();
            JsonNode body = raw.length == 0 ? null : JSON.readTree(raw);
            requests.add(new Received(ex.getRequestMethod(), ex.getRequestURI().getRawPath(),
                    ex.getRequestHeaders().getFirst("Authorization"),
                    ex.getRequestHeaders().getFirst(RunnerAuth.KEY_HEADER),
                    ex.getRequestHeaders().getFirst("Content-Type"), body));
            boolean heartbeat = ex.getRequestURI().getPath().endsWith("/heartbeat");
            if (heartbeat && "POST".equals(ex.getRequestMethod())) {
                int status = heartbeatStatus.apply(heartbeats.getAndIncrement());
                send(ex, status, status == 204 ? "" : "{}");
            } else if (!heartbeat && "PUT".equals(ex.getRequestMethod())) {
                int status = putStatus.apply(puts.getAndIncrement());
                send(ex, status, status < 300 ? putBody : refusalBody);
            } else {
                send(ex, 405, "");
            }
        }
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if (status >= 400) {
            ex.getResponseHeaders().set("Content-Type", "application/problem+json");
        }
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    URI exchange() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/trainex");
    }

    ExchangeRegistration start(String runnerId, java.util.function.Supplier<ExchangeRegistration.Activity> activity) {
        registration = new ExchangeRegistration(http, exchange(), tokens, KEY, runnerId, PROFILE, activity,
                Duration.ofMillis(100), Duration.ofMillis(50), Duration.ofMillis(400));
        registration.start();
        return registration;
    }

    List<Received> of(String method) {
        return requests.stream().filter(r -> r.method().equals(method)).toList();
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    static boolean heartbeatThreadAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals(ExchangeRegistration.THREAD_NAME) && t.isAlive());
    }

    @Test
    void registersThroughAnOutageThenSendsHeartbeatsUntilClosed() throws Exception {
        putStatus = n -> n < 2 ? 503 : 200;  // exchange starting: 503 twice, then 200
        ExchangeRegistration r = start("it-runner-1", () -> ExchangeRegistration.Activity.IDLE);
        await(() -> heartbeats.get() >= 3, "3 heartbeats");
        assertTrue(r.registered());
        assertEquals(3, puts.get(), "503, 503, then 200: registered on the third PUT, not again");
        assertEquals(1, r.registrationsAccepted());

        List<Received> putRequests = of("PUT");
        for (Received put : putRequests) {
            assertEquals("/trainex/api/runners/it-runner-1", put.path());
            assertEquals("Bearer tok-1", put.authorization());
            assertEquals("rk_registration-test-key", put.runnerKey());
            assertEquals("application/json", put.contentType());
        }
        JsonNode body = putRequests.get(2).body();
        assertEquals("acme", body.get("provider").asText());
        assertEquals("eu-north", body.get("region").asText());
        assertEquals("cpu x2, ND4J CpuBackend, 1 thread(s)", body.get("hardware").asText());
        assertTrue(body.get("capacitySamplesPerSecond").isNumber());
        assertEquals(3456.5, body.get("capacitySamplesPerSecond").asDouble());
        assertEquals("mlp-784-256-10, batch 128, synthetic data", body.get("measuredOn").asText());
        assertEquals(5, body.size(), body.toString());

        List<Received> beats = of("POST");
        assertTrue(beats.size() >= 3);
        for (Received beat : beats) {
            assertEquals("/trainex/api/runners/it-runner-1/heartbeat", beat.path());
            assertEquals("Bearer tok-1", beat.authorization());
            assertEquals("rk_registration-test-key", beat.runnerKey());
            assertFalse(beat.body().get("busy").asBoolean(), beat.body().toString());
            assertTrue(beat.body().get("busy").isBoolean());
            assertTrue(beat.body().has("taskId") && beat.body().get("taskId").isNull(), beat.body().toString());
        }
        // nothing is sent before the registration succeeded
        int firstBeat = List.copyOf(requests).indexOf(beats.get(0));
        assertEquals(3, firstBeat, "heartbeats only after the successful PUT");

        assertTrue(heartbeatThreadAlive());
        r.close();
        assertTrue(r.stopped());
        // a pool thread may outlive awaitTermination by a moment (and under load longer): wait for it to end
        await(() -> !heartbeatThreadAlive(), "the heartbeat thread to stop");
        // the only thread that sends is gone (awaited above): nothing can be sent after this point, no sleep needed
        int after = requests.size();
        assertFalse(heartbeatThreadAlive());
        assertEquals(after, requests.size(), "no request after close");
    }

    @Test
    void heartbeatReportsTheRunningTask() throws Exception {
        UUID task = UUID.randomUUID();
        AtomicReference<ExchangeRegistration.Activity> now = new AtomicReference<>(
                new ExchangeRegistration.Activity(true, task));
        start("busy runner/1", now::get);
        await(() -> heartbeats.get() >= 1, "a heartbeat");
        Received beat = of("POST").get(0);
        assertEquals("/trainex/api/runners/busy%20runner%2F1/heartbeat", beat.path(), "runner id percent-encoded");
        assertTrue(beat.body().get("busy").asBoolean());
        assertEquals(task.toString(), beat.body().get("taskId").asText());
        now.set(ExchangeRegistration.Activity.IDLE);
        int seen = heartbeats.get();
        await(() -> heartbeats.get() >= seen + 2, "two more heartbeats");
        List<Received> beats = of("POST");
        Received last = beats.get(beats.size() - 1);
        assertFalse(last.body().get("busy").asBoolean());
        assertTrue(last.body().get("taskId").isNull());
    }

    @Test
    void unauthorizedGetsOneRetryWithAFreshToken() throws Exception {
        putStatus = n -> n == 0 ? 401 : 201;
        ExchangeRegistration r = start("r-401", () -> ExchangeRegistration.Activity.IDLE);
        await(() -> heartbeats.get() >= 1, "a heartbeat");
        assertEquals(1, tokens.invalidations.get());
        List<Received> putRequests = of("PUT");
        assertEquals(2, putRequests.size());
        assertEquals("Bearer tok-1", putRequests.get(0).authorization());
        assertEquals(KEY.value(), putRequests.get(1).runnerKey());
        assertEquals("Bearer tok-2", putRequests.get(1).authorization());
        assertEquals("Bearer tok-2", of("POST").get(0).authorization());
        assertTrue(r.registered());
    }

    /** What the runner logs (slf4j-simple writes to the current System.err) while {@code action} runs. */
    static String stderrOf(ThrowingRunnable action) throws Exception {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream tee = new PrintStream(new OutputStream() {
            @Override
            public synchronized void write(int b) {
                captured.write(b);
                original.write(b);
            }

            @Override
            public synchronized void write(byte[] b, int off, int len) {
                captured.write(b, off, len);
                original.write(b, off, len);
            }
        }, true, StandardCharsets.UTF_8);
        System.setErr(tee);
        try {
            action.run();
        } finally {
            System.setErr(original);
        }
        synchronized (tee) {
            return captured.toString(StandardCharsets.UTF_8);
        }
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    static long count(String text, String part) {
        return text.lines().filter(l -> l.contains(part)).count();
    }

    @Test
    void aRejectedRunnerKeyIsLoggedOnceAndRetriedAtTheSlowPaceWithoutANewToken() throws Exception {
        putStatus = n -> n < 3 ? 401 : 201;  // the key was revoked, then the exchange knows it again
        refusalBody = KEY_REFUSAL;
        long t0 = System.nanoTime();
        String log = stderrOf(() -> {
            start("r-key", () -> ExchangeRegistration.Activity.IDLE);
            await(() -> heartbeats.get() >= 1, "a heartbeat after the exchange accepts the key");
        });
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertEquals(4, puts.get(), "three refusals, then registered");
        assertTrue(seconds >= 1.15, "three slow-pace pauses of 0.4 s: " + seconds);
        assertEquals(0, tokens.invalidations.get(), "the answer names the key: the token is not at fault");
        assertTrue(registration.registered());
        assertEquals(1, count(log, "[ERROR] ExchangeRegistration - runner key rejected by the exchange (unknown or "
                + "revoked): ask the provider for a new key (HTTP 401 on the registration (PUT " + exchange()
                + "/api/runners/r-key) of runner r-key: Unauthorized: unknown or revoked Trainex-Runner-Key); "
                + "retrying every 0.400 s"), "logged once at ERROR:\n" + log);
        assertFalse(log.contains(KEY.value()), "the key must not appear in the log");
        for (Received r : requests) {
            assertEquals(KEY.value(), r.runnerKey(), "the key goes with every request");
        }
    }

    @Test
    void a401EvenWithAFreshTokenIsReportedAsARejectedKey() throws Exception {
        putStatus = n -> n < 2 ? 401 : 201;  // a 401 without a word on the key, also with the new token
        String log = stderrOf(() -> {
            start("r-401-twice", () -> ExchangeRegistration.Activity.IDLE);
            await(() -> heartbeats.get() >= 1, "a heartbeat");
        });
        assertEquals(1, tokens.invalidations.get(), "one new token");
        assertEquals(3, puts.get());
        assertEquals(1, count(log, "[ERROR] ExchangeRegistration - runner key rejected by the exchange (unknown or "
                + "revoked): ask the provider for a new key (HTTP 401 on the registration"), log);
        assertTrue(log.contains("of runner r-401-twice even with a fresh bearer token: Bad Request: region must"),
                log);
    }

    @Test
    void aRefusedRegistrationIsRetriedAtTheSlowPace() throws Exception {
        putStatus = n -> n < 2 ? 400 : 201;
        long t0 = System.nanoTime();
        ExchangeRegistration r = start("r-400", () -> ExchangeRegistration.Activity.IDLE);
        await(() -> heartbeats.get() >= 1, "a heartbeat after the exchange accepts the registration");
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertEquals(3, puts.get());
        assertTrue(seconds >= 0.75, "two slow-pace pauses of 0.4 s, not the fast backoff: " + seconds);
        assertTrue(r.registered());
    }

    @Test
    void a405FromAWildFlyStillDeployingIsAnOutageRetriedFast() throws Exception {
        putStatus = n -> n < 2 ? 405 : 201;  // WildFly up, the application not deployed yet: its root handler's 405
        long t0 = System.nanoTime();
        // a slow pace of 5 s: two refusals would take 10 s; an outage retries after 50 ms, then 100 ms
        registration = new ExchangeRegistration(http, exchange(), tokens, KEY, "r-405", PROFILE,
                () -> ExchangeRegistration.Activity.IDLE, Duration.ofMillis(100), Duration.ofMillis(50),
                Duration.ofSeconds(5));
        registration.start();
        await(() -> heartbeats.get() >= 1, "a heartbeat after the exchange accepts the registration");
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertEquals(3, puts.get());
        assertTrue(seconds < 4, "retried at the outage pace, not the 5 s pace of a refusal: " + seconds);
        assertTrue(registration.registered());
    }

    @Test
    void heartbeatFailuresLeadToARegistrationFirst() throws Exception {
        heartbeatStatus = n -> n == 1 ? 404 : n == 3 ? 503 : 204;  // the exchange forgot us; then an outage
        ExchangeRegistration r = start("r-forgotten", () -> ExchangeRegistration.Activity.IDLE);
        await(() -> heartbeats.get() >= 6, "heartbeats");
        assertEquals(3, puts.get(), "registered at start, after the 404 and after the 503");
        assertEquals(3, r.registrationsAccepted());
        List<String> sequence = requests.stream().map(Received::method).toList().subList(0, 7);
        assertEquals(List.of("PUT", "POST", "POST", "PUT", "POST", "POST", "PUT"), sequence);
    }

    @Test
    void unreachableTokenEndpointOrExchangeIsAnOutageNotAnError() throws Exception {
        tokens.unreachable = true;
        ExchangeRegistration r = start("r-no-token", () -> ExchangeRegistration.Activity.IDLE);
        // proof that the registration tried (twice) and gave up on the token, rather than a sleep
        await(() -> tokens.requested.get() >= 2, "two attempts to get a token");
        assertEquals(0, requests.size());
        assertFalse(r.registered());
        tokens.unreachable = false;
        await(() -> heartbeats.get() >= 1, "registration once tokens come");
        r.close();
        registration = null;

        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        URI nobody = URI.create("http://127.0.0.1:" + closedPort + "/trainex");
        ExchangeRegistration down = new ExchangeRegistration(http, nobody, tokens, KEY, "r-down", PROFILE,
                () -> ExchangeRegistration.Activity.IDLE, Duration.ofMillis(100), Duration.ofMillis(50),
                Duration.ofMillis(400));
        int tokensBefore = tokens.requested.get();
        down.start();
        // two attempts (a token each) mean the first call to the closed port has failed
        await(() -> tokens.requested.get() >= tokensBefore + 2, "two registration attempts");
        assertFalse(down.registered());
        down.close();
        assertTrue(down.stopped());
    }

    @Test
    void rejectsBadSettings() {
        assertThrows(IllegalArgumentException.class, () -> new ExchangeRegistration.Profile("p", " ", "h", 1, "m"));
        assertThrows(IllegalArgumentException.class, () -> new ExchangeRegistration.Profile("p", "r", "h", 0, "m"));
        assertThrows(IllegalArgumentException.class,
                () -> new ExchangeRegistration.Profile("p", "r", "h", Double.NaN, "m"));
        assertThrows(IllegalArgumentException.class,
                () -> new ExchangeRegistration.Profile("p".repeat(101), "r", "h", 1, "m"));
        assertThrows(IllegalArgumentException.class, () -> new ExchangeRegistration(http, exchange(), tokens, KEY,
                "r", PROFILE, () -> ExchangeRegistration.Activity.IDLE, Duration.ZERO));
        assertThrows(NullPointerException.class, () -> new ExchangeRegistration(http, exchange(), tokens, null,
                "r", PROFILE, () -> ExchangeRegistration.Activity.IDLE, Duration.ofSeconds(1)));
        assertEquals("a%C3%A9%20b-_.~", ExchangeRegistration.pathSegment("aé b-_.~"));
    }
}
