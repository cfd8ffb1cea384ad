package org.trainex.computemarket.api;

import java.time.Instant;

/**
 * A runner key as its provider sees it, without the secret.
 *
 * @param runnerId   the runner it is bound to
 * @param provider   the provider that issued it
 * @param issuedAt   when the current (or last) key was issued
 * @param revokedAt  when it was revoked; null while valid
 * @param lastUsedAt when a runner last presented it (updated at most once a minute); null if never
 */
public record RunnerKeyView(String runnerId, String provider, Instant issuedAt, Instant revokedAt,
                            Instant lastUsedAt) {
}
