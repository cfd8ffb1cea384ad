package org.trainex.computemarket.api;

/**
 * A price estimate from the order book for an order being written (issue 5 item 6): what matching it would cost
 * now. Not a promise: other orders may take the bids first.
 *
 * @param sampleSteps         the work: (sum of the datasets' samples) x local epochs x rounds
 * @param covered             whether the book holds enough capacity for the conditions
 * @param totalCostWei        cost of the cheapest covering bids for the work (decimal wei), null if not covered
 * @param dataFeeWei          the data fee on that cost, {@code floor(totalCost x dataFeeBps / 10000)}, paid as
 *                            dividends if the job completes and a dataset is a registry entry (else 0); null if
 *                            not covered
 * @param requiredMaxPriceWei the least maximum price (the escrow lock) whose compute budget covers the cost:
 *                            {@code ceil(totalCost x (10000 + dataFeeBps) / 10000)}; null if not covered
 * @param dataFeeBps          the data fee rate new orders get, basis points of the match cost
 * @param totalCapacity       samples/s the bids give (if not covered: the capacity on offer)
 * @param estimatedSeconds    ceil(sampleSteps / capacity)
 * @param bids                how many bids it would take
 * @param note                why not covered, or a summary
 */
public record QuoteView(long sampleSteps, boolean covered, String totalCostWei, String dataFeeWei,
                        String requiredMaxPriceWei, int dataFeeBps, long totalCapacity, long estimatedSeconds,
                        int bids, String note) {
}
