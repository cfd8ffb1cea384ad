package org.trainex.runner.blobs;

import dev.failsafe.RetryPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import org.trainex.runner.exchange.Backoff;
import org.trainex.runner.exchange.ExchangeClient;
import org.trainex.runner.exchange.ExchangeHttpException;
import org.trainex.runner.exchange.ExchangeRequestException;
import org.trainex.runner.exchange.ExchangeUnavailableException;
import org.trainex.runner.exchange.RunnerKey;
import org.trainex.runner.exchange.RunnerKeyRejectedException;
import org.trainex.runner.exchange.TokenSource;

/**
 * The exchange's blob store over HTTP ({@link BlobPaths}: {@code GET} and {@code PUT
 * {exchange}/api/blobs/{cid}}), with a local cache directory of verified blobs named by content id.
 *
 * <p>Requests go through the runner's {@link ExchangeClient}: every one carries {@code Authorization: Bearer
 * <token>} and this runner's key in the header {@value RunnerAuth#KEY_HEADER} ({@link RunnerKey}). A download names
 * the task it is for, {@code GET {exchange}/api/blobs/{cid}?}{@value RunnerAuth#TASK_PARAM}{@code =<taskId>}, when a
 * task is in hand (the {@code currentTask} supplier; the task loop is single-threaded and sets it before the task
 * executes): the exchange serves a runner only blobs that a task it holds names (issue 11 item 6, ADR 0012; {@link
 * RunnerAuth}). A blob in the local cache is not requested at all.
 *
 * <p>Every byte the runner uses is verified: a download is hashed while it streams to a temporary file and
 * only moved into the cache when its SHA-256 CIDv1 equals the requested id (DESIGN.md, Content addressing); a
 * cached file is re-hashed before each use (about 0.1 s per 30 MB) and dropped if it no longer matches.
 *
 * <p>Errors: HTTP 404 and 403 (e.g. the task does not name the blob, or is no longer this runner's) and digest
 * mismatches are {@link BlobException}s with the server's problem detail (the task fails); connection errors
 * and HTTP 5xx/429 are retried 3 times (0.5 s, 1 s, 2 s apart: {@link Backoff#exchangeRequest()}) and then become
 * {@link ExchangeUnavailableException}s. A 401 whose problem+json names the runner key, or a 401 that a fresh bearer
 * token (fetched once after the first 401) does not cure, is a {@link RunnerKeyRejectedException} (the task is
 * rolled back, the runner exits 4): the key is unknown or revoked.
 */
public final class HttpBlobStore implements BlobStore {
    private static final Logger LOG = LoggerFactory.getLogger(HttpBlobStore.class);
    /** Timeout of one blob request. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    /** Retries of one request: connection failures and HTTP 5xx/429, logged as warnings. */
    private static final RetryPolicy<Object> RETRIES = Backoff.exchangeRequest()
            .onRetryScheduled(e -> {
                ExchangeRequestException failure = (ExchangeRequestException) e.getLastException();
                LOG.warn("{} {} failed ({}); retrying in {} ms", failure.method(), failure.uri(), failure.problem(),
                        e.getDelay().toMillis());
            })
            .build();

    private final ExchangeClient exchange;
    private final Supplier<Optional<UUID>> currentTask;
    private final Path cacheDir;

    /**
     * @param exchange    the exchange, with this runner's bearer tokens and key for every request
     * @param currentTask the task being executed, asked once per download that is not served from the cache;
     *                    empty when none is in hand (the download then names no task, and the exchange may
     *                    refuse it). Called on the thread that fetches.
     * @param cacheDir    directory for verified blobs (created if missing)
     * @throws IOException if the cache directory cannot be created
     */
    public HttpBlobStore(ExchangeClient exchange, Supplier<Optional<UUID>> currentTask, Path cacheDir)
            throws IOException {
        this.exchange = Objects.requireNonNull(exchange);
        this.currentTask = Objects.requireNonNull(currentTask);
        this.cacheDir = Files.createDirectories(cacheDir);
    }

    /**
     * @param exchange    base URL of the exchange, e.g. {@code http://127.0.0.1:8080/trainex}
     * @param tokens      bearer tokens for every request (OIDC client credentials)
     * @param key         this runner's key, sent with every request
     * @param currentTask see {@link #HttpBlobStore(ExchangeClient, Supplier, Path)}
     * @param cacheDir    directory for verified blobs (created if missing)
     * @throws IOException if the cache directory cannot be created
     */
    public HttpBlobStore(HttpClient http, URI exchange, TokenSource tokens, RunnerKey key,
                         Supplier<Optional<UUID>> currentTask, Path cacheDir) throws IOException {
        this(new ExchangeClient(http, exchange, tokens, key), currentTask, cacheDir);
    }

    /** The URL of a blob ({@code PUT} target; a {@code GET} without a task). */
    public URI uri(String contentId) {
        return exchange.uri(BlobPaths.blob(contentId));
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
     * Sends through the exchange client with {@link #RETRIES}; maps what is left as the class comment says.
     */
    private <T> HttpResponse<T> send(URI uri, ExchangeClient.RequestFactory factory, String contentId, String method,
                                     HttpResponse.BodyHandler<T> handler) throws BlobException, IOException {
        try {
            return Backoff.get(RETRIES, () -> exchange.send(() -> factory.create().timeout(REQUEST_TIMEOUT), handler),
                    "retrying " + method + " " + uri);
        } catch (ExchangeRequestException e) {
            if (e.retryable()) {  // still failing after the last attempt
                throw new ExchangeUnavailableException("the exchange is unavailable: " + method + " " + uri
                        + " failed " + Backoff.REQUEST_ATTEMPTS + " times, last: " + e.problem(), e);
            }
            ExchangeHttpException refused = (ExchangeHttpException) e;
            int status = refused.status();
            if (status == 404) {
                throw new BlobException(contentId, "blob " + contentId + " not found at " + e.uri() + " (HTTP 404)");
            }
            if (status == 403) {
                throw new BlobException(contentId, "access to blob " + contentId + " denied at " + e.uri()
                        + " (HTTP 403)" + refused.detailSuffix());
            }
            if (status == 400 && "PUT".equals(method)) {
                throw new BlobException(contentId, "the exchange refused blob " + contentId + " (HTTP 400)"
                        + refused.detailSuffix());
            }
            throw new ExchangeUnavailableException("unexpected HTTP " + status + " on " + method + " " + e.uri()
                    + refused.detailSuffix(), e);
        }
    }
}
