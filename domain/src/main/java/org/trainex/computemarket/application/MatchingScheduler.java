package org.trainex.computemarket.application;

import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Every 2 seconds: orders waiting for bids try the book again (new bids may cover them), one transaction each. */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class MatchingScheduler {
    private static final Logger LOG = Logger.getLogger(MatchingScheduler.class.getName());

    @Inject
    OrderService orders;

    @Schedule(hour = "*", minute = "*", second = "*/2", persistent = false, info = "re-match orders awaiting bids")
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    void tick() {
        for (UUID id : orders.awaitingBids(100)) {
            try {
                orders.tryMatch(id);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "matching order " + id + " failed; retrying at the next tick", e);
            }
        }
    }
}
