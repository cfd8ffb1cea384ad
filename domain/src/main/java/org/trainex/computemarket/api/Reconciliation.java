package org.trainex.computemarket.api;

import java.time.Instant;
import java.util.List;

/**
 * Reconciliation of the exchange's books with the escrow contract on chain (issue 11 item 1), at start-up and on a
 * timer ({@code TRAINEX_RECONCILE_SECONDS}, default 60): consumers' deposits and providers' stakes are mirrored from
 * the chain; every order whose lock was mined is compared with the chain's record of it. A difference the exchange
 * cannot explain is an alarm: logged at SEVERE once when it is seen in two checks in a row (a transaction being
 * confirmed between the two reads is not one), listed here until it goes away.
 */
public interface Reconciliation {
    /** One unexplained difference between the books and the chain. Amounts in wei. */
    record Alarm(String kind, String subject, String detail, Instant since) {
    }

    /**
     * The last check.
     *
     * @param checkedAt         when it ran (null before the first)
     * @param wallets           consumer wallets whose deposit was mirrored
     * @param providers         provider stakes mirrored
     * @param orders            orders with a mined lock compared with the chain
     * @param lostWithChain     orders whose lock transaction the current chain does not know (a dev chain restarted
     *                          since): not compared, not alarms
     * @param error             why the last check could not finish (the chain did not answer), or null
     * @param alarms            the differences standing now
     */
    record ReconciliationView(Instant checkedAt, int wallets, int providers, int orders, int lostWithChain,
                              String error, List<Alarm> alarms) {
    }

    /** The last check's report. */
    ReconciliationView report();

    /** Runs a check now and returns its report. */
    ReconciliationView reconcileNow();
}
