package org.trainex.computemarket.api;

/**
 * A price estimate from the order book for an order being written (issue 5 item 6): what matching it would cost
 * now. Not a promise: other orders may take the bids first.
 *
 * @param sampleSteps      the work (training samples x epochs)
 * @param covered          whether the book holds enough capacity for the conditions
 * @param totalCostWei     cost of the cheapest covering bids (decimal wei), null if not covered
 * @param totalCapacity    samples/s they give
 * @param estimatedSeconds ceil(sampleSteps / capacity)
 * @param bids             how many bids it would take
 * @param note             why not covered, or a summary
 */
public record QuoteView(long sampleSteps, boolean covered, String totalCostWei, long totalCapacity,
                        long estimatedSeconds, int bids, String note) {
}
