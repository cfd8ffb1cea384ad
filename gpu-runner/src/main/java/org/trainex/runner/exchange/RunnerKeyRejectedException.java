package org.trainex.runner.exchange;

import java.net.URI;

/**
 * The exchange answered HTTP 401 to a request that carried a fresh bearer token, or said in its problem+json
 * answer that it does not accept the runner key (header {@value org.trainex.jobs.protocol.RunnerAuth#KEY_HEADER}):
 * the key is unknown, revoked or bound to another runner id (issue 11 item 6, ADR 0012). Waiting does not help;
 * the provider must issue a new key ({@code TRAINEX_RUNNER_KEY}). The message starts with {@link
 * RunnerKey#REJECTED} and never contains the key.
 *
 * <p>Thrown by {@link ExchangeClient} for every request of the runner. For a blob request ({@link
 * org.trainex.runner.blobs.HttpBlobStore}), like every {@link ExchangeUnavailableException}, the task in hand is
 * rolled back for redelivery to another runner and this runner exits with code 4; registration and heartbeats
 * ({@link org.trainex.runner.capacity.ExchangeRegistration}) log it and keep retrying.
 */
public class RunnerKeyRejectedException extends CredentialsRejectedException {
    private final String detail;
    private final boolean afterFreshToken;

    public RunnerKeyRejectedException(String message) {
        super(message);
        this.detail = "";
        this.afterFreshToken = false;
    }

    /**
     * The message {@code <REJECTED> (HTTP 401 on <method> <uri>[ even with a fresh bearer token][: <detail>])}.
     *
     * @param detail          {@link ProblemDetails#summary} of the 401 answer; empty if it had none
     * @param afterFreshToken whether the 401 came although the request carried a bearer token fetched after a first
     *                        401 (the answer did not name the key)
     */
    public RunnerKeyRejectedException(String method, URI uri, String detail, boolean afterFreshToken) {
        super(RunnerKey.REJECTED + " (HTTP 401 on " + method + " " + uri
                + (afterFreshToken ? " even with a fresh bearer token" : "") + (detail.isEmpty() ? "" : ": " + detail)
                + ")");
        this.detail = detail;
        this.afterFreshToken = afterFreshToken;
    }

    /** The summary of the exchange's 401 answer, or empty. */
    public String detail() {
        return detail;
    }

    /** Whether the 401 came although the request carried a freshly fetched bearer token. */
    public boolean afterFreshToken() {
        return afterFreshToken;
    }
}
