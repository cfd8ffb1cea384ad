package org.trainex.datamarket.application;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.trainex.shared.api.ChainUnavailableException;

/**
 * The curation tick works proposal by proposal (issue 11, finding 1): one proposal whose vote cannot be opened or
 * tallied (the overflow of a 2^63-1 s voting period, a lost blob) does not stop the others, and it backs off.
 */
class CurationSchedulerTest {
    /** A CurationService whose work is scripted: ids listed, and which of them throw. */
    static final class Scripted extends CurationService {
        final List<UUID> awaiting = new ArrayList<>();
        final List<UUID> due = new ArrayList<>();
        final List<UUID> failing = new ArrayList<>();
        final List<UUID> opened = new ArrayList<>();
        final List<UUID> tallied = new ArrayList<>();
        final List<UUID> attempts = new ArrayList<>();
        boolean chainDown;

        @Override
        public List<UUID> awaitingVote(int limit) {
            return awaiting;
        }

        @Override
        public List<UUID> dueForTally(Instant now, int limit) {
            return due;
        }

        @Override
        public void openVoting(UUID id) {
            work(id);
            opened.add(id);
        }

        @Override
        public boolean tally(UUID id, Instant now) {
            work(id);
            tallied.add(id);
            return true;
        }

        private void work(UUID id) {
            attempts.add(id);
            if (chainDown) {
                throw new ChainUnavailableException("the chain is down", null);
            }
            if (failing.contains(id)) {
                throw new ArithmeticException("long overflow");
            }
        }
    }

    @Test
    void aFailingProposalDoesNotStopTheOthersAndBacksOff() {
        Scripted s = new Scripted();
        CurationScheduler scheduler = new CurationScheduler();
        scheduler.curation = s;
        UUID bad = UUID.randomUUID();
        UUID good1 = UUID.randomUUID();
        UUID good2 = UUID.randomUUID();
        s.awaiting.addAll(List.of(bad, good1));
        s.due.addAll(List.of(bad, good2));
        s.failing.add(bad);

        scheduler.tick();
        assertEquals(List.of(good1), s.opened, "the vote on the other proposal opened");
        assertEquals(List.of(good2), s.tallied, "the other proposal was tallied");
        assertEquals(2, s.attempts.stream().filter(bad::equals).count(), "tried once to open, once to tally");

        s.attempts.clear();
        scheduler.tick(); // within the 5 s back-off: the failing proposal is skipped
        assertFalse(s.attempts.contains(bad), "backing off: " + s.attempts);
        assertEquals(List.of(good1, good1), s.opened);
    }

    @Test
    void anUnreachableChainPausesTheTickWithoutBlamingAProposal() {
        Scripted s = new Scripted();
        CurationScheduler scheduler = new CurationScheduler();
        scheduler.curation = s;
        UUID p = UUID.randomUUID();
        s.awaiting.add(p);
        s.chainDown = true;
        scheduler.tick();
        assertEquals(1, s.attempts.size());
        s.chainDown = false;
        scheduler.tick(); // not backing off: the chain, not the proposal, failed
        assertEquals(List.of(p), s.opened);
    }
}
