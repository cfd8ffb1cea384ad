package org.trainex.computemarket.domain.matching;

/**
 * Capacity taken from one bid for one order, before the order's work is split ({@link Fill#split}): the bid as it
 * stands in the book and the samples/s allocated from it, {@code 0 < capacitySamplesPerSecond <= } the bid's
 * remaining capacity. Price-time priority decides which bids are allocated (DKLabs, seed 002, Section 7.2 item 2).
 *
 * <p>Errors: the constructor throws {@link IllegalArgumentException} naming the field when {@code bid} is null or
 * the capacity is not positive or above the bid's capacity.
 */
public record Allocation(Bid bid, long capacitySamplesPerSecond) {

    /**
     * Checks the fields.
     *
     * @throws IllegalArgumentException naming the field that is invalid
     */
    public Allocation {
        Checks.notNull("Allocation.bid", bid);
        Checks.positive("Allocation.capacitySamplesPerSecond", capacitySamplesPerSecond);
        if (capacitySamplesPerSecond > bid.capacitySamplesPerSecond()) {
            throw new IllegalArgumentException("Allocation.capacitySamplesPerSecond " + capacitySamplesPerSecond
                    + " exceeds the bid's capacity " + bid.capacitySamplesPerSecond());
        }
    }
}
