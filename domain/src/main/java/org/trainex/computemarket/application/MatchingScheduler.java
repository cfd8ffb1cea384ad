package org.trainex.computemarket.application;

import java.time.Instant;
import java.util.List;
import org.trainex.shared.api.FailingItems;

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

/**
 * Every 2 seconds: orders waiting for bids try the book again (new bids may cover them), one transaction each; an
 * order whose matching throws is logged once with its id and backs off ({@link FailingItems}, 5 s doubling to
 * 5 min) without stopping the others (issue 11 item 4).
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class MatchingScheduler {
    private static final Logger LOG = Logger.getLogger(MatchingScheduler.class.getName());

    @Inject
    OrderService orders;

    final FailingItems failing = new FailingItems(LOG, "matching of order");

    @Schedule(hour = "*", minute = "*", second = "*/2", persistent = false, info = "re-match orders awaiting bids")
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    void tick() {
        List<UUID> due;
        try {
            due = orders.awaitingBids(100);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "listing orders awaiting bids failed; retrying at the next tick", e);
            return;
        }
        Instant now = Instant.now();
        for (UUID id : due) {
            failing.run(id, now, () -> orders.tryMatch(id));
        }
    }
}
