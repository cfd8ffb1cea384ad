package org.trainex.computemarket.application;

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
 * ({@link FederatedTraining#dispatchDue()}); settlements whose challenge period ended are released
 * ({@link SettlementService#releaseDue()}). Each in its own transaction; a failure is retried at the next tick.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class FederatedScheduler {
    private static final Logger LOG = Logger.getLogger(FederatedScheduler.class.getName());

    @Inject
    FederatedTraining federated;
    @Inject
    SettlementService settlement;

    @Schedule(hour = "*", minute = "*", second = "*", persistent = false, info = "chunk leases and escrow releases")
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    void tick() {
        try {
            federated.dispatchDue();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "re-dispatching expired chunks failed; retrying at the next tick", e);
        }
        try {
            settlement.releaseDue();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "releasing escrow failed; retrying at the next tick", e);
        }
    }
}
