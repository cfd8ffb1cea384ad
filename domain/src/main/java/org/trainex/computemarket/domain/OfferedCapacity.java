package org.trainex.computemarket.domain;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.trainex.shared.api.InvalidInputException;

/**
 * At most a runner's effective capacity is offered across its provider's open bids (issue 11 item 5; finding 5: 50
 * identical bids on one runner of 3,768 samples/s offered 188,400 samples/s). A bid on several runners offers its
 * capacity (samples/s) spread over them in proportion to their effective capacities, so bid {@code b} offers
 * {@code capacity(b) x eff(r) / sum of eff over b's runners} on runner {@code r}; for every runner the sum over the
 * provider's open (and suspended) bids plus the new bid must not exceed {@code eff(r)}. Equivalently, the fractions
 * {@code capacity(b) / sum eff(b)} of the bids on a runner sum to at most 1, which is what is checked, exactly (in
 * rational arithmetic).
 *
 * <p>Callers serialize the bids of one provider (the provider account row is locked) so the rule holds under
 * concurrent posts.
 */
public final class OfferedCapacity {
    /** One bid's offer: its runners and the capacity it still offers, samples/s. */
    public record Offer(Collection<String> runnerIds, long capacitySamplesPerSecond) {
    }

    /** A non-negative fraction {@code num / den}, den &gt; 0. */
    record Fraction(BigInteger num, BigInteger den) {
        static final Fraction ZERO = new Fraction(BigInteger.ZERO, BigInteger.ONE);

        Fraction plus(Fraction o) {
            BigInteger n = num.multiply(o.den).add(o.num.multiply(den));
            BigInteger d = den.multiply(o.den);
            BigInteger g = n.gcd(d);
            return g.signum() == 0 ? ZERO : new Fraction(n.divide(g), d.divide(g));
        }

        boolean exceedsOne() {
            return num.compareTo(den) > 0;
        }

        /** {@code round(x * this)}. */
        long times(long x) {
            BigInteger[] qr = BigInteger.valueOf(x).multiply(num).divideAndRemainder(den);
            return qr[0].longValue() + (qr[1].shiftLeft(1).compareTo(den) >= 0 ? 1 : 0);
        }
    }

    private OfferedCapacity() {
    }

    /**
     * Checks that {@code proposed} fits beside {@code open}.
     *
     * @param effective effective capacity (samples/s) of every runner named by the offers; a runner missing from
     *                  the map counts as 0
     * @param open      the provider's other bids that still offer capacity (OPEN, SUSPENDED), with their remaining
     *                  capacity
     * @param proposed  the new bid
     * @throws InvalidInputException naming the first runner that would be over-offered, with its effective capacity,
     *                               what is offered on it already and what the new bid would add (samples/s)
     */
    public static void check(Map<String, Long> effective, List<Offer> open, Offer proposed) {
        Fraction newShare = fraction(proposed, effective);
        for (String r : proposed.runnerIds()) {
            long eff = effective.getOrDefault(r, 0L);
            Fraction used = Fraction.ZERO;
            List<Offer> on = new ArrayList<>();
            for (Offer o : open) {
                if (o.runnerIds().contains(r)) {
                    used = used.plus(fraction(o, effective));
                    on.add(o);
                }
            }
            if (used.plus(newShare).exceedsOne()) {
                long already = Math.min(used.times(eff), eff);
                throw new InvalidInputException("runner " + r + " has an effective capacity of " + eff
                        + " samples/s, of which " + already + " samples/s are already offered by " + on.size()
                        + " open bid(s) of its provider; this bid would offer " + newShare.times(eff)
                        + " samples/s more on it (at most " + (eff - already) + " samples/s are free): cancel a bid "
                        + "or offer less");
            }
        }
    }

    /** The part of its runners' capacity an offer takes: capacity / sum of effective capacities (2 if that is 0). */
    static Fraction fraction(Offer o, Map<String, Long> effective) {
        long total = 0;
        for (String r : o.runnerIds()) {
            total += Math.max(0, effective.getOrDefault(r, 0L));
        }
        if (o.capacitySamplesPerSecond() <= 0) {
            return Fraction.ZERO;
        }
        if (total <= 0) {
            return new Fraction(BigInteger.TWO, BigInteger.ONE);
        }
        return new Fraction(BigInteger.valueOf(o.capacitySamplesPerSecond()), BigInteger.valueOf(total));
    }
}
