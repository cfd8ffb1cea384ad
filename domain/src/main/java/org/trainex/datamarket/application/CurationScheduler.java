package org.trainex.datamarket.application;

import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.trainex.shared.api.ChainUnavailableException;

/**
 * Every second: opens the vote on new proposals (snapshot block from the chain) and tallies the proposals whose
 * voting period ended ({@link CurationService}), each in its own transaction. While the chain cannot be read,
 * proposals wait (logged once per outage) and nothing is lost.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class CurationScheduler {
    private static final Logger LOG = Logger.getLogger(CurationScheduler.class.getName());
    private static final int BATCH = 64;

    @Inject
    CurationService curation;
    private volatile boolean chainDown;

    @Schedule(hour = "*", minute = "*", second = "*", persistent = false, info = "curation scheduler")
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    void tick() {
        try {
            for (UUID id : curation.awaitingVote(BATCH)) {
                curation.openVoting(id);
            }
            Instant now = Instant.now();
            for (UUID id : curation.dueForTally(now, BATCH)) {
                curation.tally(id, now);
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
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "curation tick failed; retrying at the next tick", e);
        }
    }
}
