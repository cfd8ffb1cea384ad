package org.trainex.computemarket.application;

import org.trainex.shared.api.FailingItems;

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

/**
 * Every 2 seconds: runners whose heartbeats stopped become LOST, bids past their window EXPIRED; each runner and
 * each bid in its own transaction, a failing one logged once with its id and backed off ({@link FailingItems})
 * without stopping the others (issue 11 item 4).
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class ProviderScheduler {
    private static final Logger LOG = Logger.getLogger(ProviderScheduler.class.getName());

    @Inject
    ProviderService providers;

    final FailingItems runners = new FailingItems(LOG, "lease check of runner");
    final FailingItems bids = new FailingItems(LOG, "expiry of bid");

    @Schedule(hour = "*", minute = "*", second = "*/2", persistent = false, info = "runner leases and bid expiry")
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    void tick() {
        Instant now = Instant.now();
        try {
            for (String id : providers.activeRunnerIds()) {
                runners.run(id, now, () -> providers.expireRunner(id, now));
            }
            for (java.util.UUID id : providers.expiredBidIds(now)) {
                bids.run(id, now, () -> providers.expireBid(id, now));
            }
            providers.expireBook(now);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "runner/bid expiry failed; retrying at the next tick", e);
        }
    }
}
