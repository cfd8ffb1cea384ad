package org.trainex.runner.exchange;

/**
 * The exchange answered HTTP 401 to a request that carried a fresh bearer token, or said in its problem+json
 * answer that it does not accept the runner key (header {@value org.trainex.jobs.protocol.RunnerAuth#KEY_HEADER}):
 * the key is unknown, revoked or bound to another runner id (issue 11 item 6, ADR 0012). Waiting does not help;
 * the provider must issue a new key ({@code TRAINEX_RUNNER_KEY}). The message starts with {@link
 * RunnerKey#REJECTED} and never contains the key.
 *
 * <p>Thrown by {@link org.trainex.runner.blobs.HttpBlobStore}: like every {@link ExchangeUnavailableException} the task in hand is rolled
 * back for redelivery to another runner and this runner exits with code 4.
 */
public class RunnerKeyRejectedException extends CredentialsRejectedException {
    public RunnerKeyRejectedException(String message) {
        super(message);
    }
}
