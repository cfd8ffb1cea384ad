package org.trainex.runner.exchange;

import java.net.http.HttpRequest;
import java.util.Locale;
import java.util.Objects;
import org.trainex.jobs.protocol.RunnerAuth;

/**
 * This runner's own key: the secret its provider was shown once when it created the runner ({@code POST
 * /api/providers/me/runners/{id}/key}), bound by the exchange to one runner id and that provider, revocable there. Every
 * HTTP request of the runner to the exchange carries it in the header {@value RunnerAuth#KEY_HEADER}, besides the
 * OIDC bearer token (issue 11 item 6, ADR 0012; {@link RunnerAuth}).
 *
 * <p>The key is a secret: {@link #toString()} masks it, and no message of the runner contains it. It must be
 * usable as a header value: 1 to {@value #MAX_LENGTH} visible ASCII characters (0x21 to 0x7E), no spaces.
 *
 * <p>A key the exchange does not know (never issued, revoked, or bound to another runner id) is answered with
 * HTTP 401; {@link #rejectedBy(int, String)} recognises that answer and {@link #REJECTED} is what the runner says
 * then.
 *
 * @param value the key as the provider received it
 */
public record RunnerKey(String value) {
    /** Longest key accepted, characters. */
    public static final int MAX_LENGTH = 1000;
    /** The first words of every error about a key the exchange does not accept. */
    public static final String REJECTED =
            "runner key rejected by the exchange (unknown or revoked): ask the provider for a new key";

    /** @throws IllegalArgumentException if the key is empty, too long, or has characters a header cannot carry */
    public RunnerKey {
        Objects.requireNonNull(value, "runner key");
        if (value.isEmpty() || value.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("the runner key must have 1 to " + MAX_LENGTH + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                throw new IllegalArgumentException("the runner key must consist of visible ASCII characters "
                        + "(no spaces), as the provider received it; character " + (i + 1) + " is not");
            }
        }
    }

    /** Adds the {@value RunnerAuth#KEY_HEADER} header to a request; returns {@code request}. */
    public HttpRequest.Builder addTo(HttpRequest.Builder request) {
        return request.header(RunnerAuth.KEY_HEADER, value);
    }

    /**
     * Whether an answer of the exchange says that it does not accept the runner key: HTTP 401 whose body (a
     * problem+json document) names the key, as {@value RunnerAuth#KEY_HEADER} or "runner key" in any case. A 401
     * without such a body is about the bearer token (or unknown) and is first retried with a fresh token.
     *
     * @param status HTTP status of the answer
     * @param body   its body, or the part read of it; may be null
     */
    public static boolean rejectedBy(int status, String body) {
        if (status != 401 || body == null) {
            return false;
        }
        String text = body.toLowerCase(Locale.ROOT);
        return text.contains(RunnerAuth.KEY_HEADER.toLowerCase(Locale.ROOT)) || text.contains("runner key");
    }

    /** Masked: a key never appears in logs. */
    @Override
    public String toString() {
        return "RunnerKey[****]";
    }
}
