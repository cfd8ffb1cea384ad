package org.trainex.computemarket.api;

import java.time.Instant;

/**
 * A freshly issued runner key: the only time the secret is shown. The runner sends it in the header
 * {@code Trainex-Runner-Key} (gpu-runner: {@code --runner-key} or {@code TRAINEX_RUNNER_KEY}).
 *
 * @param runnerId the runner it is bound to
 * @param provider the provider that issued it
 * @param key      the secret: {@code trk_} and 43 base64url characters (256 random bits)
 * @param issuedAt when it was issued
 * @param replaced whether it replaced a previous key of the runner (which no longer works)
 */
public record IssuedRunnerKey(String runnerId, String provider, String key, Instant issuedAt, boolean replaced) {
}
