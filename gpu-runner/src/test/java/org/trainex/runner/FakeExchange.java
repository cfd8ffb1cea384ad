package org.trainex.runner;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.trainex.jobs.protocol.ContentIds;
import org.trainex.jobs.protocol.RunnerAuth;

/**
 * A stand-in for the exchange's HTTP side in tests (JDK {@link HttpServer} on 127.0.0.1, random port):
 * <ul>
 *   <li>{@code POST /token}: OAuth 2.0 client-credentials with HTTP Basic client authentication; answers
 *       {@code {"access_token": "tok-N", "token_type": "Bearer", "expires_in": 300}} with a new N per call.</li>
 *   <li>{@code GET/PUT /trainex/api/blobs/{cid}}: needs {@code Authorization: Bearer <latest token>} (else 401
 *       without a body) and the runner key in {@value RunnerAuth#KEY_HEADER} (else 401 with a problem+json
 *       naming the key, as the exchange answers); PUT re-hashes the body and answers 400 on a digest mismatch, 201
 *       when stored, 200 when already there (as BlobPaths documents). Every GET that passed these checks is
 *       recorded in {@link #downloads} with its {@value RunnerAuth#TASK_PARAM} parameter; the fake does not
 *       check the parameter (the test does).</li>
 *   <li>{@code PUT /trainex/api/runners/{id}} (registration: 201 the first time, then 200) and {@code POST
 *       /trainex/api/runners/{id}/heartbeat} (204; 404 for a runner that never registered), with the same bearer
 *       and key checks; every accepted call is recorded in {@link #runnerRequests}. With {@link #runnersEndpoint}
 *       false they answer 404, like an exchange without runner registration.</li>
 * </ul>
 * Faults can be injected per content id: a status to answer, or other bytes to serve.
 */
public final class FakeExchange implements AutoCloseable {
    public final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
    public final Map<String, Integer> failWith = new ConcurrentHashMap<>();
    public final Map<String, byte[]> corrupt = new ConcurrentHashMap<>();
    public final AtomicInteger tokenRequests = new AtomicInteger();
    public final AtomicInteger gets = new AtomicInteger();
    public final AtomicInteger puts = new AtomicInteger();
    public final List<RunnerRequest> runnerRequests = new CopyOnWriteArrayList<>();
    public final List<Download> downloads = new CopyOnWriteArrayList<>();
    /** Requests refused for a missing or wrong runner key. */
    public final AtomicInteger keyRejections = new AtomicInteger();
    public volatile boolean runnersEndpoint = true;
    /** True: every bearer token is refused (401 without a body), also fresh ones. */
    public volatile boolean rejectTokens;
    /** The runner key the fake accepts. */
    public volatile String runnerKey;
    private final HttpServer server;
    private final String clientId;
    private final String clientSecret;
    private volatile String currentToken = "none";

    /** @param runnerKey the only runner key accepted ({@value RunnerAuth#KEY_HEADER}) */
    public FakeExchange(String clientId, String clientSecret, String runnerKey) throws IOException {
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.runnerKey = runnerKey;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/token", this::token);
        server.createContext("/trainex/api/blobs/", this::blob);
        server.createContext("/trainex/api/runners/", this::runner);
        server.start();
    }

    public URI tokenUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/token");
    }

    public URI exchangeUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/trainex");
    }

    /** Stores a blob as if uploaded; returns its content id. */
    public String add(byte[] content) {
        String cid = ContentIds.of(content);
        blobs.put(cid, content);
        return cid;
    }

    /** Makes the current token invalid (the next blob request gets 401). */
    public void revokeToken() {
        currentToken = "revoked";
    }

    /** A blob download that passed the token and key checks: the content id and the task it named, or null. */
    public record Download(String contentId, String task) {
    }

    /**
     * Checks the bearer token and the runner key; answers 401 (and returns false) if either is wrong: without a
     * body for the token, with problem+json naming the key for the key.
     */
    private boolean authorized(HttpExchange ex) throws IOException {
        if (rejectTokens || !("Bearer " + currentToken).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
            send(ex, 401, "");
            return false;
        }
        if (!runnerKey.equals(ex.getRequestHeaders().getFirst(RunnerAuth.KEY_HEADER))) {
            keyRejections.incrementAndGet();
            ex.getResponseHeaders().set("Content-Type", "application/problem+json");
            send(ex, 401, "{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,"
                    + "\"detail\":\"missing, unknown or revoked " + RunnerAuth.KEY_HEADER + "\"}");
            return false;
        }
        return true;
    }

    /** The value of query parameter {@code name}, or null (no decoding: the runner sends UUIDs). */
    private static String queryParam(HttpExchange ex, String name) {
        String query = ex.getRequestURI().getRawQuery();
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            if (pair.startsWith(name + "=")) {
                return pair.substring(name.length() + 1);
            }
        }
        return null;
    }

    private void token(HttpExchange ex) throws IOException {
        try (ex) {
            ex.getRequestBody().readAllBytes();
            String expected = "Basic " + Base64.getEncoder().encodeToString(
                    (clientId + ":" + clientSecret).getBytes(StandardCharsets.UTF_8));
            if (!"POST".equals(ex.getRequestMethod())) {
                send(ex, 405, "{}");
                return;
            }
            if (!expected.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                send(ex, 401, "{\"error\":\"invalid_client\",\"error_description\":\"Invalid client credentials\"}");
                return;
            }
            String token = "tok-" + tokenRequests.incrementAndGet();
            currentToken = token;
            send(ex, 200, "{\"access_token\":\"" + token + "\",\"token_type\":\"Bearer\",\"expires_in\":300}");
        }
    }

    private void blob(HttpExchange ex) throws IOException {
        try (ex) {
            String cid = ex.getRequestURI().getPath().substring("/trainex/api/blobs/".length());
            if (!authorized(ex)) {
                ex.getRequestBody().readAllBytes();
                return;
            }
            Integer status = failWith.get(cid);
            if (status != null) {
                ex.getRequestBody().readAllBytes();
                ex.getResponseHeaders().set("Content-Type", "application/problem+json");
                send(ex, status, "{\"title\":\"Injected\",\"status\":" + status + ",\"detail\":\"injected failure\"}");
                return;
            }
            switch (ex.getRequestMethod()) {
                case "GET" -> {
                    gets.incrementAndGet();
                    downloads.add(new Download(cid, queryParam(ex, RunnerAuth.TASK_PARAM)));
                    byte[] content = corrupt.getOrDefault(cid, blobs.get(cid));
                    if (content == null) {
                        send(ex, 404, "");
                        return;
                    }
                    ex.getResponseHeaders().set("Content-Type", "application/octet-stream");
                    ex.sendResponseHeaders(200, content.length);
                    try (OutputStream out = ex.getResponseBody()) {
                        out.write(content);
                    }
                }
                case "PUT" -> {
                    puts.incrementAndGet();
                    byte[] body;
                    try (InputStream in = ex.getRequestBody()) {
                        body = in.readAllBytes();
                    }
                    if (!ContentIds.of(body).equals(cid)) {
                        send(ex, 400, "digest mismatch");
                        return;
                    }
                    boolean existed = blobs.putIfAbsent(cid, body) != null;
                    send(ex, existed ? 200 : 201, "");
                }
                default -> send(ex, 405, "");
            }
        }
    }

    /** A registration ({@code PUT}) or heartbeat ({@code POST}) the exchange received, body as JSON text. */
    public record RunnerRequest(String method, String runnerId, String body) {
    }

    private void runner(HttpExchange ex) throws IOException {
        try (ex) {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (!runnersEndpoint) {
                send(ex, 404, "");
                return;
            }
            if (!authorized(ex)) {
                return;
            }
            String rest = ex.getRequestURI().getPath().substring("/trainex/api/runners/".length());
            boolean heartbeat = rest.endsWith("/heartbeat");
            String id = heartbeat ? rest.substring(0, rest.length() - "/heartbeat".length()) : rest;
            boolean known = runnerRequests.stream().anyMatch(r -> r.method().equals("PUT") && r.runnerId().equals(id));
            if (heartbeat && "POST".equals(ex.getRequestMethod())) {
                if (!known) {
                    send(ex, 404, "{\"title\":\"Not Found\",\"detail\":\"no runner " + id + "\"}");
                    return;
                }
                runnerRequests.add(new RunnerRequest("POST", id, body));
                send(ex, 204, "");
            } else if (!heartbeat && "PUT".equals(ex.getRequestMethod())) {
                runnerRequests.add(new RunnerRequest("PUT", id, body));
                send(ex, known ? 200 : 201, "{\"id\":\"" + id + "\",\"state\":\"ACTIVE\"}");
            } else {
                send(ex, 405, "");
            }
        }
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
