package org.trainex.runner.exchange;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The runner's one HTTP client of the exchange: every request of the blob store and of the registration goes
 * through {@link #send}, which
 * <ul>
 *   <li>adds {@code Authorization: Bearer <token>} from the {@link TokenSource} (OIDC client credentials) and this
 *       runner's key in the header {@value org.trainex.jobs.protocol.RunnerAuth#KEY_HEADER} ({@link RunnerKey};
 *       issue 11 item 6, ADR 0012);</li>
 *   <li>on a 401 whose problem+json does not name the runner key ({@link RunnerKey#rejectedBy}), invalidates the
 *       token and sends the request once more with a fresh one;</li>
 *   <li>turns every answer that is not 2xx into a typed error, with the summary of its problem+json body
 *       ({@link ProblemDetails#summary}, of at most the first {@value #ERROR_BODY_BYTES} bytes).</li>
 * </ul>
 * It sends each request once (apart from that token refresh): retrying is the caller's choice, with a policy of
 * {@link Backoff}.
 *
 * <p>Thread-safe (the JDK {@link HttpClient} is; the token source synchronizes).
 */
public final class ExchangeClient {
    /** How much of an error answer is read for its message: enough for a problem+json document. */
    static final int ERROR_BODY_BYTES = 4096;

    private final HttpClient http;
    private final String base;
    private final TokenSource tokens;
    private final RunnerKey key;

    /** Builds one request, afresh for each sending (a body publisher may be read only once). */
    @FunctionalInterface
    public interface RequestFactory {
        /**
         * @return the request with its URL, method, body, timeout and content headers (not the credentials)
         * @throws IOException if the body cannot be opened (e.g. the file to upload)
         */
        HttpRequest.Builder create() throws IOException;
    }

    /**
     * @param exchange base URL of the exchange, e.g. {@code http://127.0.0.1:8080/trainex} (a trailing slash is
     *                 ignored)
     * @param tokens   bearer tokens for every request
     * @param key      this runner's key, sent with every request
     */
    public ExchangeClient(HttpClient http, URI exchange, TokenSource tokens, RunnerKey key) {
        this.http = Objects.requireNonNull(http);
        String b = exchange.toString();
        this.base = b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
        this.tokens = Objects.requireNonNull(tokens);
        this.key = Objects.requireNonNull(key);
    }

    /** The URL of {@code path} (starting with {@code /}, already encoded) below the exchange's base URL. */
    public URI uri(String path) {
        return URI.create(base + path);
    }

    /**
     * Sends a request with the runner's credentials and answers its 2xx response (the caller reads and closes the
     * body).
     *
     * @throws RunnerKeyRejectedException   HTTP 401 whose answer names the runner key, or a second 401 with a fresh
     *                                      bearer token
     * @throws ExchangeHttpException        any other status outside 2xx (retryable: 5xx, 429)
     * @throws ExchangeConnectionException  no answer (connection refused, reset, timed out; retryable)
     * @throws CredentialsRejectedException the token endpoint rejects the client credentials (from the token source)
     * @throws ExchangeUnavailableException the token endpoint is unavailable (from the token source), or the thread
     *                                      was interrupted (the interrupt flag is set again; the cause is the
     *                                      {@link InterruptedException})
     * @throws IOException                  the request factory's error (e.g. a file to upload is missing)
     */
    public <T> HttpResponse<T> send(RequestFactory factory, HttpResponse.BodyHandler<T> handler) throws IOException {
        boolean freshToken = false;
        while (true) {
            HttpRequest request = key.addTo(factory.create())
                    .header("Authorization", "Bearer " + tokens.accessToken())
                    .build();
            HttpResponse<T> response;
            try {
                response = http.send(request, handler);
            } catch (IOException e) {
                throw new ExchangeConnectionException(request.method(), request.uri(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ExchangeUnavailableException("interrupted during " + request.method() + " "
                        + request.uri(), e);
            }
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return response;
            }
            String body = discard(response);
            String detail = ProblemDetails.summary(body);
            if (RunnerKey.rejectedBy(status, body)) {  // a new token would not help
                throw new RunnerKeyRejectedException(request.method(), request.uri(), detail, false);
            }
            if (status == 401 && !freshToken) {
                tokens.invalidate();
                freshToken = true;
                continue;
            }
            if (status == 401) {
                throw new RunnerKeyRejectedException(request.method(), request.uri(), detail, true);
            }
            throw new ExchangeHttpException(request.method(), request.uri(), status, detail);
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
}
