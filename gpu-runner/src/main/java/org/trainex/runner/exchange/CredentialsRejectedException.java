package org.trainex.runner.exchange;

/**
 * The OIDC token endpoint answered, and refused the runner's client credentials (HTTP 400 or 401, e.g.
 * {@code invalid_client}): waiting does not help, the configuration must change
 * ({@code TRAINEX_RUNNER_CLIENT_ID} / {@code TRAINEX_RUNNER_CLIENT_SECRET}). Every other
 * {@link ExchangeUnavailableException} of a {@link TokenSource} (endpoint unreachable, HTTP 5xx, a realm not yet
 * imported) may pass when Keycloak has finished starting. The subclass {@link RunnerKeyRejectedException} is the
 * exchange refusing the runner key ({@code TRAINEX_RUNNER_KEY}).
 */
public class CredentialsRejectedException extends ExchangeUnavailableException {
    public CredentialsRejectedException(String message) {
        super(message);
    }
}
