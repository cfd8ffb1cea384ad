package org.trainex.runner.blobs;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trainex.jobs.protocol.BlobPaths;
import org.trainex.jobs.protocol.ContentIds;
import org.trainex.jobs.protocol.RunnerAuth;
import org.trainex.runner.exchange.ExchangeUnavailableException;
import org.trainex.runner.exchange.ProblemDetails;
import org.trainex.runner.exchange.RunnerKey;
import org.trainex.runner.exchange.RunnerKeyRejectedException;
import org.trainex.runner.exchange.TokenSource;

/**
 * The exchange's blob store over HTTP ({@link BlobPaths}: {@code GET} and {@code PUT
 * {exchange}/api/blobs/{cid}}), with a local cache directory of verified blobs named by content id.
 *
 * <p>Every request carries {@code Authorization: Bearer <token>} and this runner's key in the header
 * {@value RunnerAuth#KEY_HEADER} ({@link RunnerKey}). A download names the task it is for, {@code GET
 * {exchange}/api/blobs/{cid}?}{@value RunnerAuth#TASK_PARAM}{@code =<taskId>}, when a task is in hand (the
 * {@code currentTask} supplier; the task loop is single-threaded and sets it before the task executes): the
 * exchange serves a runner only blobs that a task it holds names (issue 11 item 6, ADR 0012; {@link
 * RunnerAuth}). A blob in the local cache is not requested at all.
 *
 * <p>Every byte the runner uses is verified: a download is hashed while it streams to a temporary file and
 * only moved into the cache when its SHA-256 CIDv1 equals the requested id (DESIGN.md, Content addressing); a
 * cached file is re-hashed before each use (about 0.1 s per 30 MB) and dropped if it no longer matches.
 *
 * <p>Errors: HTTP 404 and 403 (e.g. the task does not name the blob, or is no longer this runner's) and digest
 * mismatches are {@link BlobException}s with the server's problem detail (the task fails); connection errors
 * and HTTP 5xx/429 are retried 3 times (0.5 s, 1 s, 2 s apart) and then become {@link
 * ExchangeUnavailableException}s. A 401 whose problem+json names the runner key, or a 401 that a fresh bearer
 * token (fetched once after the first 401) does not cure, is a {@link RunnerKeyRejectedException} (the task is
 * rolled back, the runner exits 4): the key is unknown or revoked.
 */
public final class HttpBlobStore implements BlobStore {
    private static final Logger LOG = LoggerFactory.getLogger(HttpBlobStore.class);
    private static final int ATTEMPTS = 4;
    /** How much of an error answer is read for its message: enough for a problem+json document. */
    private static final int ERROR_BODY_BYTES = 4096;

    private final HttpClient http;
    private final String exchange;
    private final TokenSource tokens;
    private final RunnerKey key;
    private final Supplier<Optional<UUID>> currentTask;
    private final Path cacheDir;

    /**
     * @param exchange    base URL of the exchange, e.g. {@code http://127.0.0.1:8080/trainex}
     * @param tokens      bearer tokens for every request (OIDC client credentials)
     * @param key         this runner's key, sent with every request
     * @param currentTask the task being executed, asked once per download that is not served from the cache;
     *                    empty when none is in hand (the download then names no task, and the exchange may
     *                    refuse it). Called on the thread that fetches.
     * @param cacheDir    directory for verified blobs (created if missing)
     * @throws IOException if the cache directory cannot be created
     */
    public HttpBlobStore(HttpClient http, URI exchange, TokenSource tokens, RunnerKey key,
                         Supplier<Optional<UUID>> currentTask, Path cacheDir) throws IOException {
        this.http = Objects.requireNonNull(http);
        String base = exchange.toString();
        this.exchange = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.tokens = Objects.requireNonNull(tokens);
        this.key = Objects.requireNonNull(key);
        this.currentTask = Objects.requireNonNull(currentTask);
        this.cacheDir = Files.createDirectories(cacheDir);
    }

    /** The URL of a blob ({@code PUT} target; a {@code GET} without a task). */
    public URI uri(String contentId) {
        return URI.create(exchange + BlobPaths.blob(contentId));
    }

    /**
     * The download URL of a blob for a task, {@code {exchange}/api/blobs/{cid}?task=<taskId>}; without a task
     * {@link #uri(String)}.
     */
    public URI uri(String contentId, Optional<UUID> task) {
        return task.map(t -> URI.create(uri(contentId) + "?" + RunnerAuth.TASK_PARAM + "=" + t))
                .orElseGet(() -> uri(contentId));
    }

    @Override
    public Path fetch(String contentId) throws BlobException, IOException {
        ContentIds.requireValid(contentId);
        Path cached = cacheDir.resolve(contentId);
        if (Files.isRegularFile(cached)) {
            try (InputStream in = Files.newInputStream(cached)) {
                if (ContentIds.of(in).equals(contentId)) {
                    return cached;
                }
            }
            LOG.warn("cached blob {} no longer matches its content id; downloading it again", contentId);
            Files.deleteIfExists(cached);
        }
        URI uri = uri(contentId, Objects.requireNonNullElse(currentTask.get(), Optional.empty()));
        long t0 = System.nanoTime();
        HttpResponse<InputStream> response = send(uri, () -> HttpRequest.newBuilder(uri).GET(), contentId, "GET",
                HttpResponse.BodyHandlers.ofInputStream());
        Path tmp = Files.createTempFile(cacheDir, contentId, ".part");
        String actual;
        long bytes;
        try (InputStream body = response.body();
             DigestInputStream in = new DigestInputStream(body, ContentIds.sha256());
             OutputStream out = Files.newOutputStream(tmp)) {
            bytes = in.transferTo(out);
            actual = ContentIds.fromSha256(in.getMessageDigest().digest());
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw new ExchangeUnavailableException("download of blob " + contentId + " from " + uri
                    + " broke off: " + e, e);
        }
        if (!actual.equals(contentId)) {
            Files.deleteIfExists(tmp);
            throw new BlobException(contentId, "blob " + contentId + " from " + uri + " failed verification: its "
                    + bytes + " bytes hash to " + actual);
        }
        moveIntoCache(tmp, cached);
        double seconds = (System.nanoTime() - t0) / 1e9;
        LOG.info("fetched blob {} ({} bytes, {} s, verified)", contentId, bytes, String.format("%.2f", seconds));
        return cached;
    }

    @Override
    public String put(Path file) throws IOException {
        String contentId;
        try (InputStream in = Files.newInputStream(file)) {
            contentId = ContentIds.of(in);
        }
        URI uri = uri(contentId);
        HttpResponse<String> response;
        try {
            response = send(uri, () -> HttpRequest.newBuilder(uri)
                            .header("Content-Type", "application/octet-stream")
                            .PUT(HttpRequest.BodyPublishers.ofFile(file)),
                    contentId, "PUT", HttpResponse.BodyHandlers.ofString());
        } catch (BlobException e) {
            throw new ExchangeUnavailableException("the exchange refused blob " + contentId + ": " + e.getMessage());
        }
        Path cached = cacheDir.resolve(contentId);
        if (!Files.exists(cached)) {
            Path tmp = Files.createTempFile(cacheDir, contentId, ".part");
            Files.copy(file, tmp, StandardCopyOption.REPLACE_EXISTING);
            moveIntoCache(tmp, cached);
        }
        LOG.info("stored blob {} ({} bytes, HTTP {})", contentId, Files.size(file), response.statusCode());
        return contentId;
    }

    private void moveIntoCache(Path tmp, Path cached) throws IOException {
        try {
            Files.move(tmp, cached, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, cached, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Builds a fresh request per attempt (adds the bearer token and the runner key), retries as the class comment
     * says.
     */
    private <T> HttpResponse<T> send(URI uri, RequestFactory factory, String contentId, String method,
                                     HttpResponse.BodyHandler<T> handler) throws BlobException, IOException {
        boolean refreshedToken = false;
        String lastProblem = "";
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            HttpRequest request = key.addTo(factory.create())
                    .timeout(Duration.ofSeconds(60))
                    .header("Authorization", "Bearer " + tokens.accessToken())
                    .build();
            HttpResponse<T> response;
            try {
                response = http.send(request, handler);
            } catch (IOException e) {
                lastProblem = e.toString();
                backOff(attempt, method, request.uri(), lastProblem);
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ExchangeUnavailableException("interrupted during " + method + " " + request.uri(), e);
            }
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return response;
            }
            String body = discard(response);
            String detail = ProblemDetails.summary(body);
            detail = detail.isEmpty() ? "" : ": " + detail;
            if (status == 404) {
                throw new BlobException(contentId, "blob " + contentId + " not found at " + request.uri()
                        + " (HTTP 404)");
            }
            if (status == 403) {
                throw new BlobException(contentId, "access to blob " + contentId + " denied at " + request.uri()
                        + " (HTTP 403)" + detail);
            }
            if (RunnerKey.rejectedBy(status, body)) {  // a new token would not help
                throw new RunnerKeyRejectedException(RunnerKey.REJECTED + " (HTTP 401 on " + method + " "
                        + request.uri() + detail + ")");
            }
            if (status == 401 && !refreshedToken) {
                tokens.invalidate();
                refreshedToken = true;
                attempt--;
                continue;
            }
            if (status == 401) {
                throw new RunnerKeyRejectedException(RunnerKey.REJECTED + " (HTTP 401 on " + method + " "
                        + request.uri() + " even with a fresh bearer token" + detail + ")");
            }
            if (status >= 500 || status == 429) {
                lastProblem = "HTTP " + status + detail;
                backOff(attempt, method, request.uri(), lastProblem);
                continue;
            }
            if (status == 400 && "PUT".equals(method)) {
                throw new BlobException(contentId, "the exchange refused blob " + contentId + " (HTTP 400)" + detail);
            }
            throw new ExchangeUnavailableException("unexpected HTTP " + status + " on " + method + " "
                    + request.uri() + detail);
        }
        throw new ExchangeUnavailableException("the exchange is unavailable: " + method + " " + uri
                + " failed " + ATTEMPTS + " times, last: " + lastProblem);
    }

    private static void backOff(int attempt, String method, URI uri, String problem)
            throws ExchangeUnavailableException {
        if (attempt == ATTEMPTS) {
            return;
        }
        long millis = 500L << (attempt - 1);
        LOG.warn("{} {} failed ({}); retrying in {} ms", method, uri, problem, millis);
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExchangeUnavailableException("interrupted while retrying " + method + " " + uri, e);
        }
    }

    /** Reads (and closes) an error body: its first {@value #ERROR_BODY_BYTES} bytes as text, "" if unreadable. */
    private static String discard(HttpResponse<?> response) {
        try {
            Object body = response.body();
            if (body instanceof InputStream in) {
                try (in) {
                    return new String(in.readNBytes(ERROR_BODY_BYTES), StandardCharsets.UTF_8);
                }
            }
            return body == null ? "" : body.toString();
        } catch (IOException e) {
            return "";
        }
    }

    @FunctionalInterface
    private interface RequestFactory {
        HttpRequest.Builder create() throws IOException;
    }
}
