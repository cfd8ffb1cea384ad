package org.trainex.datamarket.application;

import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every second, cuts the registry's pending entries into Merkle batches for anchoring ({@link RegistryService}).
 * Each batch is cut in its own transaction; a failure is logged and retried at the next tick.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class RegistryBatcher {
    private static final Logger LOG = Logger.getLogger(RegistryBatcher.class.getName());
    private static final int MAX_BATCHES_PER_TICK = 16;

    @Inject
    RegistryService registry;

    @Schedule(hour = "*", minute = "*", second = "*", persistent = false, info = "registry batcher")
    void tick() {
        try {
            for (int i = 0; i < MAX_BATCHES_PER_TICK && registry.cutBatch(Instant.now()).isPresent(); i++) {
                // one batch per transaction (each call is a new transaction of the stateless service)
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "cutting a registry batch failed; retrying at the next tick", e);
        }
    }
}
