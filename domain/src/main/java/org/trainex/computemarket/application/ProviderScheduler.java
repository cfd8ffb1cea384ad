package org.trainex.computemarket.application;

import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Every 2 seconds: runners whose heartbeats stopped become LOST, bids past their window EXPIRED. */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class ProviderScheduler {
    private static final Logger LOG = Logger.getLogger(ProviderScheduler.class.getName());

    @Inject
    ProviderService providers;

    @Schedule(hour = "*", minute = "*", second = "*/2", persistent = false, info = "runner leases and bid expiry")
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    void tick() {
        try {
            providers.expire(Instant.now());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "runner/bid expiry failed; retrying at the next tick", e);
        }
    }
}
