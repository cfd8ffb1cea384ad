package org.trainex.computemarket.domain.matching;

/**
 * A bid as it rests in the {@link OrderBook}: the bid (with the sequence the book assigned) and its remaining
 * capacity in samples/s, {@code 0 < remainingCapacity <= bid.capacitySamplesPerSecond()}; matches reduce it
 * (DKLabs, seed 002, Section 7.2 item 2). A snapshot value: it does not change when the book does.
 *
 * <p>Errors: the constructor throws {@link IllegalArgumentException} naming the field when {@code bid} is null or
 * the remaining capacity is out of range.
 */
public record RestingBid(Bid bid, long remainingCapacity) {

    /**
     * Checks the fields.
     *
     * @throws IllegalArgumentException naming the field that is invalid
     */
    public RestingBid {
        Checks.notNull("RestingBid.bid", bid);
        Checks.positive("RestingBid.remainingCapacity", remainingCapacity);
        if (remainingCapacity > bid.capacitySamplesPerSecond()) {
            throw new IllegalArgumentException("RestingBid.remainingCapacity " + remainingCapacity
                    + " exceeds the bid's capacity " + bid.capacitySamplesPerSecond());
        }
    }
}
