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
import org.trainex.shared.api.ChainUnavailableException;
import org.trainex.shared.api.FailingItems;

/**
 * Every second: opens the vote on new proposals (snapshot block from the chain) and tallies the proposals whose
 * voting period ended ({@link CurationService}), <b>each proposal in its own transaction</b> (each call is a new
 * transaction of the stateless service). One proposal that fails (a malformed request, a lost blob, an overflow) is
 * logged once with its id and backs off ({@link FailingItems}: 5 s doubling to 5 min); every other proposal is
 * still opened and tallied (issue 11, "no input can stop a market"). While the chain cannot be read, proposals wait
 * (logged once per outage, not counted as a failure of any proposal) and nothing is lost.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class CurationScheduler {
    private static final Logger LOG = Logger.getLogger(CurationScheduler.class.getName());
    /** Proposals fetched per list and tick; failing ones backing off are skipped within it. */
    private static final int BATCH = 64;

    @Inject
    CurationService curation;
    private final FailingItems opening = new FailingItems(LOG, "opening the vote on proposal");
    private final FailingItems tallying = new FailingItems(LOG, "tallying proposal");
    private volatile boolean chainDown;

    @Schedule(hour = "*", minute = "*", second = "*", persistent = false, info = "curation scheduler")
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    void tick() {
        try {
            Instant now = Instant.now();
            for (UUID id : list(() -> curation.awaitingVote(BATCH))) {
                work(opening, id, now, () -> curation.openVoting(id));
            }
            for (UUID id : list(() -> curation.dueForTally(now, BATCH))) {
                work(tallying, id, now, () -> curation.tally(id, now));
            }
            if (chainDown) {
                LOG.info("the chain answers again: curation resumes");
                chainDown = false;
            }
        } catch (ChainUnavailableException e) {
            if (!chainDown) {
                LOG.warning("curation waits for the chain: " + e.getMessage());
                chainDown = true;
            }
        }
    }

    private static List<UUID> list(java.util.function.Supplier<List<UUID>> query) {
        try {
            return query.get();
        } catch (RuntimeException e) {
            LOG.warning(() -> "curation: listing proposals failed: " + e + "; retrying at the next tick");
            return List.of();
        }
    }

    /** Runs one proposal's work; an unreachable chain stops the tick (rethrown), any other failure only this item. */
    private static void work(FailingItems items, UUID id, Instant now, Runnable work) {
        if (!items.due(id, now)) {
            return;
        }
        try {
            work.run();
            items.succeeded(id);
        } catch (RuntimeException e) {
            if (causedByChain(e)) {
                throw (ChainUnavailableException) rootChain(e);
            }
            items.failed(id, e, now);
        }
    }

    private static boolean causedByChain(Throwable e) {
        return rootChain(e) != null;
    }

    private static Throwable rootChain(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ChainUnavailableException) {
                return t;
            }
        }
        return null;
    }
}
