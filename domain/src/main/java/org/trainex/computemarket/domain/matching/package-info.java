/**
 * The compute market's matching engine: an order book of providers' bids for compute, matched against consumers'
 * training orders by price-time priority (DKLabs, seed 002, Section 7.2 items 1-3; DataBright, seed 000, Section 3).
 *
 * <p>Pure domain code: records and plain classes, no JPA, CDI or other EE types, no foreign libraries. Deterministic
 * and auditable: every input (bids, orders, the time {@code now}) is an argument, nothing reads a clock or a random
 * source, and {@link org.trainex.computemarket.domain.matching.MatchingJournal#replay(java.util.List)} rebuilds the
 * same matches from the journal of commands.
 *
 * <p>Units used throughout:
 * <ul>
 *   <li><b>sample-step</b>: one sample passed forward and backward once; a job's work is {@code samples x epochs}
 *       sample-steps;</li>
 *   <li><b>capacity</b>: samples/s (sample-steps per second) measured on the exchange's reference model;</li>
 *   <li><b>price</b>: wei per 1,000 sample-steps ({@code pricePerKiloSampleStepWei}); amounts are
 *       {@link java.math.BigInteger} wei, never floating point (DESIGN.md, "Money is never lost");</li>
 *   <li><b>time</b>: {@link java.time.Instant}s; durations in whole seconds.</li>
 * </ul>
 *
 * <p>Entry points: {@link org.trainex.computemarket.domain.matching.OrderBook} (the book and the matching rule) and
 * {@link org.trainex.computemarket.domain.matching.MatchingJournal} (the book behind an append-only journal of
 * commands, for audit and replay).
 */
package org.trainex.computemarket.domain.matching;
