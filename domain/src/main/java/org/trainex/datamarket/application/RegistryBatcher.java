package org.trainex.datamarket.application;

import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.logging.Logger;
import org.trainex.shared.api.FailingItems;

/**
 * Every second, cuts the registry's pending entries into Merkle batches for anchoring ({@link RegistryService}),
 * registry by registry (a data request's registry, or the open one), <b>each batch in its own transaction</b>. A
 * registry whose batch cannot be cut is logged once with its id and backs off ({@link FailingItems}); the other
 * registries' entries are still batched (issue 11, "no input can stop a market").
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class RegistryBatcher {
    private static final Logger LOG = Logger.getLogger(RegistryBatcher.class.getName());
    private static final int MAX_BATCHES_PER_TICK = 16;
    private static final int MAX_REGISTRIES_PER_TICK = 64;

    @Inject
    RegistryService registry;
    private final FailingItems failing = new FailingItems(LOG, "cutting a registry batch of registry");

    @Schedule(hour = "*", minute = "*", second = "*", persistent = false, info = "registry batcher")
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    void tick() {
        Instant now = Instant.now();
        List<UUID> registries;
        try {
            registries = registry.registriesWithPendingEntries(MAX_REGISTRIES_PER_TICK);
        } catch (RuntimeException e) {
            LOG.warning(() -> "listing registries with pending entries failed: " + e + "; retrying at the next tick");
            return;
        }
        int cut = 0;
        for (UUID id : registries) {
            while (cut < MAX_BATCHES_PER_TICK && Boolean.TRUE.equals(failing.attempt(id, now,
                    () -> registry.cutBatch(id, now).isPresent()))) {
                cut++; // one batch per transaction (each call is a new transaction of the stateless service)
            }
        }
    }
}
