/**
 * Talking to the exchange: the one HTTP client of the exchange ({@link org.trainex.runner.exchange.ExchangeClient}:
 * credentials on every request, one token refresh on a 401, typed errors), every retry policy of the runner
 * ({@link org.trainex.runner.exchange.Backoff}, Failsafe; ADR 0014), the OIDC client-credentials bearer token ({@link
 * org.trainex.runner.exchange.TokenSource}, {@link org.trainex.runner.exchange.OidcClientCredentials}, waited for at
 * start by {@link org.trainex.runner.exchange.StartupToken}), the runner's own key ({@link
 * org.trainex.runner.exchange.RunnerKey}, header {@code Trainex-Runner-Key}; issue 11 item 6, ADR 0012), the
 * summary of problem+json error answers ({@link org.trainex.runner.exchange.ProblemDetails}) and the errors that
 * say the exchange cannot be used now ({@link org.trainex.runner.exchange.ExchangeUnavailableException}, with
 * {@link org.trainex.runner.exchange.CredentialsRejectedException} and {@link
 * org.trainex.runner.exchange.RunnerKeyRejectedException} for credentials that waiting does not fix).
 */
package org.trainex.runner.exchange;
