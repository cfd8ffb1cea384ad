package org.trainex.computemarket.api;

import java.util.List;
import java.util.Optional;

/**
 * Runner identities (issue 11 item 6; ADR 0012): a provider issues each of its runners its own key, bound to the
 * runner id and the provider, shown once, stored as its SHA-256, revocable. The runner presents it on every request
 * (header {@code Trainex-Runner-Key}) beside its OIDC token, whose service account has the {@code runner} role only;
 * the exchange then knows which runner and which provider a request comes from.
 */
public interface RunnerKeys {
    /**
     * Issues a key for {@code runnerId}, replacing the runner's previous key if any.
     *
     * @throws org.trainex.shared.api.InvalidInputException if the runner id is not 1..100 characters of letters,
     *                                                      digits, {@code . _ -}
     * @throws org.trainex.shared.api.AccessDeniedException if the runner id belongs to another provider (a key was
     *                                                      issued by it, or a runner of it registered under that id)
     */
    IssuedRunnerKey issue(String provider, String runnerId);

    /**
     * Revokes the runner's key: its requests get 401 from now on, its heartbeats stop and the runner is LOST after
     * the lease. Revoking a revoked key answers the same view.
     *
     * @throws org.trainex.shared.api.NotFoundException if {@code provider} has no key for {@code runnerId}
     */
    RunnerKeyView revoke(String provider, String runnerId);

    /** The provider's runner keys (without secrets), by runner id. */
    List<RunnerKeyView> keys(String provider);

    /** The runner and provider a presented key belongs to; empty if it is unknown, malformed or revoked. */
    Optional<RunnerIdentity> authenticate(String key);
}
