package org.trainex.computemarket.application;

import java.time.Instant;
import java.util.UUID;
import org.trainex.shared.api.FailingItems;

import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every second: chunk attempts whose lease ran out are re-dispatched, and waiting ones assigned
 * ({@link LeaseSupervisor#dispatchDue()}); settlements whose challenge period ended are released
 * ({@link SettlementService#release}). Each chunk attempt and each settlement in its own transaction; a failing
 * one is logged once with its id and backs off ({@link FailingItems}) without stopping the others (issue 11 item 4).
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class FederatedScheduler {
    private static final Logger LOG = Logger.getLogger(FederatedScheduler.class.getName());

    @Inject
    LeaseSupervisor leases;
    @Inject
    SettlementService settlement;

    final FailingItems chunks = new FailingItems(LOG, "dispatch of chunk attempt");
    final FailingItems releases = new FailingItems(LOG, "escrow release of order");

    @Schedule(hour = "*", minute = "*", second = "*", persistent = false, info = "chunk leases and escrow releases")
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    void tick() {
        Instant now = Instant.now();
        try {
            for (LeaseSupervisor.DueChunk due : leases.dueChunks()) {
                chunks.run(due.taskId(), now, () -> leases.dispatchDue(due));
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "listing due chunks failed; retrying at the next tick", e);
        }
        try {
            for (UUID orderId : settlement.releasable()) {
                releases.run(orderId, now, () -> settlement.release(orderId));
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "listing releasable settlements failed; retrying at the next tick", e);
        }
    }
}
