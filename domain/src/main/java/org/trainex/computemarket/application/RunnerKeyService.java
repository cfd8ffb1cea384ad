package org.trainex.computemarket.application;

import jakarta.ejb.Local;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import org.trainex.computemarket.api.IssuedRunnerKey;
import org.trainex.computemarket.api.RunnerIdentity;
import org.trainex.computemarket.api.RunnerKeyView;
import org.trainex.computemarket.api.RunnerKeys;
import org.trainex.computemarket.domain.ProviderRepository;
import org.trainex.computemarket.domain.Runner;
import org.trainex.computemarket.domain.RunnerKey;
import org.trainex.computemarket.domain.RunnerKeyRepository;
import org.trainex.shared.api.AccessDeniedException;
import org.trainex.shared.api.NotFoundException;

/**
 * {@link RunnerKeys}: issue, revoke, list and check runner keys (issue 11 item 6; ADR 0012). Issuing and revoking
 * are logged with the provider and runner id, never with the secret.
 */
@Stateless
@Local(RunnerKeys.class)
public class RunnerKeyService implements RunnerKeys {
    private static final Logger LOG = Logger.getLogger(RunnerKeyService.class.getName());
    /** Longest key accepted for a look-up; a real key has 47 characters. */
    private static final int MAX_KEY_LENGTH = 200;

    @Inject
    RunnerKeyRepository keys;
    @Inject
    ProviderRepository runners;

    @Override
    public IssuedRunnerKey issue(String provider, String runnerId) {
        RunnerKey.requireRunnerId(runnerId);
        Optional<Runner> registered = runners.runner(runnerId);
        if (registered.isPresent() && !registered.get().provider().equals(provider)) {
            throw new AccessDeniedException("runner id " + runnerId + " belongs to another provider");
        }
        Instant now = Instant.now();
        RunnerKey existing = keys.lock(runnerId).orElse(null);
        RunnerKey k = existing == null ? new RunnerKey(runnerId, provider) : existing;
        boolean replaced = k.live();
        String key = k.issue(provider, now);
        if (existing == null) {
            keys.add(k); // after issue(): Hibernate inserts the state the entity has when it is persisted
        }
        LOG.info(() -> "provider " + provider + " issued a key for its runner " + runnerId
                + (replaced ? " (the previous one no longer works)" : ""));
        return new IssuedRunnerKey(runnerId, provider, key, now, replaced);
    }

    @Override
    public RunnerKeyView revoke(String provider, String runnerId) {
        RunnerKey k = keys.lock(runnerId).filter(x -> x.provider().equals(provider))
                .orElseThrow(() -> new NotFoundException("you have no key for runner " + runnerId));
        boolean was = k.revoked();
        k.revoke(provider, Instant.now());
        if (!was) {
            LOG.info(() -> "provider " + provider + " revoked the key of its runner " + runnerId);
        }
        return k.toView();
    }

    @Override
    public List<RunnerKeyView> keys(String provider) {
        return keys.ofProvider(provider).stream().map(RunnerKey::toView).toList();
    }

    @Override
    public Optional<RunnerIdentity> authenticate(String key) {
        if (key == null || !key.startsWith(RunnerKey.PREFIX) || key.length() > MAX_KEY_LENGTH) {
            return Optional.empty();
        }
        return keys.byHash(RunnerKey.sha256(key)).map(k -> {
            Instant now = Instant.now();
            if (k.useDue(now)) {
                keys.touch(k.runnerId(), now, RunnerKey.useCutoff(now));
            }
            return new RunnerIdentity(k.runnerId(), k.provider());
        });
    }
}
