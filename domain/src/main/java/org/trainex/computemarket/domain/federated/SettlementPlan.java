package org.trainex.computemarket.domain.federated;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * How an order's escrow lock is divided when its job ends (issue 5 item 5; DKLabs, seed 002, Section 7.2 item 5;
 * DataBright, seed 000, Sections 2 and 3): providers are paid for the work accepted, the data fee goes to the
 * shareholders of the registry data used (only when the job completed), and the rest is refunded to the consumer.
 * Exact in wei: {@code sum(payments) + dataFee + refund == locked}.
 *
 * <p>Rules: an accepted chunk pays {@code floor(sampleSteps x price / 1000)} wei at the price the match fixed for
 * that work (a chunk re-dispatched to another runner is paid to the provider that did it, at the same price, so a
 * crash never raises the cost); payments are summed per provider. <b>The compute charge never exceeds the match's
 * cost:</b> the match prices the work split by capacity over the whole order, while each round's chunk plan rounds
 * its own split, so the accepted work can put a few sample-steps more on a dearer runner than the match did; any
 * such excess over the match cost is taken off the providers with the dearest accepted work first (ties by
 * provider name) and shown as {@link Payment#capWei()}. The data fee is
 * {@code floor(matchCost x dataFeeBps / 10000)} for a completed job, 0 otherwise. The order's budget for compute
 * is {@code locked x 10000 / (10000 + dataFeeBps)} (see {@link #computeBudget}), so payments + fee never exceed the
 * lock; should they anyway (a corrupted plan), {@link #of} refuses rather than lose money.
 */
public final class SettlementPlan {
    /** An accepted chunk: who did it, how much work (sample-steps), at what price (wei per 1,000 sample-steps). */
    public record AcceptedWork(String provider, long sampleSteps, BigInteger pricePerKiloSampleStepWei) {
        public AcceptedWork {
            Objects.requireNonNull(provider, "provider");
            if (sampleSteps < 0 || pricePerKiloSampleStepWei == null || pricePerKiloSampleStepWei.signum() < 0) {
                throw new IllegalArgumentException("work and price must not be negative");
            }
        }

        BigInteger paymentWei() {
            return BigInteger.valueOf(sampleSteps).multiply(pricePerKiloSampleStepWei)
                    .divide(BigInteger.valueOf(1000));
        }
    }

    /**
     * A provider's payment: total accepted sample-steps and wei.
     *
     * @param amountWei what the provider is paid: its accepted work at the matched prices less {@code capWei}
     * @param capWei    what was taken off to keep the compute charge within the match cost (usually 0)
     */
    public record Payment(String provider, long sampleSteps, BigInteger amountWei, BigInteger capWei) {
    }

    private final BigInteger lockedWei;
    private final List<Payment> payments;
    private final BigInteger dataFeeWei;
    private final BigInteger refundWei;

    private SettlementPlan(BigInteger lockedWei, List<Payment> payments, BigInteger dataFeeWei, BigInteger refundWei) {
        this.lockedWei = lockedWei;
        this.payments = payments;
        this.dataFeeWei = dataFeeWei;
        this.refundWei = refundWei;
    }

    /** Payment of one accepted chunk, wei: {@code floor(sampleSteps x price / 1000)}. */
    public static BigInteger chunkPayment(long sampleSteps, BigInteger pricePerKiloSampleStepWei) {
        return new AcceptedWork("-", sampleSteps, pricePerKiloSampleStepWei).paymentWei();
    }

    /**
     * The most the matched compute may cost so that its data fee still fits in the lock:
     * {@code floor(maxPrice x 10000 / (10000 + dataFeeBps))}.
     */
    public static BigInteger computeBudget(BigInteger maxPriceWei, int dataFeeBps) {
        return maxPriceWei.multiply(BigInteger.valueOf(10_000)).divide(BigInteger.valueOf(10_000L + dataFeeBps));
    }

    /**
     * The least maximum price (escrow lock) whose {@link #computeBudget compute budget} is at least
     * {@code computeCostWei}: {@code ceil(computeCost x (10000 + dataFeeBps) / 10000)}.
     *
     * @throws IllegalArgumentException if the cost is negative or the fee outside 0..10000 bps
     */
    public static BigInteger minimumLock(BigInteger computeCostWei, int dataFeeBps) {
        if (computeCostWei == null || computeCostWei.signum() < 0) {
            throw new IllegalArgumentException("the compute cost must be a non-negative amount of wei");
        }
        if (dataFeeBps < 0 || dataFeeBps > 10_000) {
            throw new IllegalArgumentException("dataFeeBps must be in 0..10000");
        }
        BigInteger[] qr = computeCostWei.multiply(BigInteger.valueOf(10_000L + dataFeeBps))
                .divideAndRemainder(BigInteger.valueOf(10_000));
        return qr[1].signum() == 0 ? qr[0] : qr[0].add(BigInteger.ONE);
    }

    /** The data fee on a match cost: {@code floor(matchCost x dataFeeBps / 10000)}. */
    public static BigInteger dataFee(BigInteger matchCostWei, int dataFeeBps) {
        return matchCostWei.multiply(BigInteger.valueOf(dataFeeBps)).divide(BigInteger.valueOf(10_000));
    }

    /**
     * @param lockedWei    the escrow lock, &gt; 0
     * @param accepted     accepted chunks (any order)
     * @param matchCostWei the match's total cost (wei), the base of the data fee
     * @param dataFeeBps   data fee in basis points of the match cost, 0..10000
     * @param completed    whether the job completed (no data fee for a failed job: no model used the data)
     * @param hasRegistryData whether any training dataset is a registry entry (else there is nobody to pay a fee)
     * @throws IllegalArgumentException if payments and fee exceed the lock, or an amount is negative
     */
    public static SettlementPlan of(BigInteger lockedWei, List<AcceptedWork> accepted, BigInteger matchCostWei,
                                    int dataFeeBps, boolean completed, boolean hasRegistryData) {
        if (lockedWei == null || lockedWei.signum() <= 0) {
            throw new IllegalArgumentException("the lock must be positive");
        }
        if (dataFeeBps < 0 || dataFeeBps > 10_000) {
            throw new IllegalArgumentException("dataFeeBps must be in 0..10000");
        }
        Map<String, BigInteger> wei = new TreeMap<>();
        Map<String, Long> steps = new TreeMap<>();
        for (AcceptedWork w : accepted) {
            wei.merge(w.provider(), w.paymentWei(), BigInteger::add);
            steps.merge(w.provider(), w.sampleSteps(), Long::sum);
        }
        Map<String, BigInteger> cap = capAtTheMatchCost(accepted, wei, matchCostWei);
        List<Payment> payments = new ArrayList<>();
        wei.forEach((p, v) -> payments.add(new Payment(p, steps.get(p), v.subtract(cap.get(p)), cap.get(p))));
        BigInteger providers = payments.stream().map(Payment::amountWei).reduce(BigInteger.ZERO, BigInteger::add);
        BigInteger fee = completed && hasRegistryData
                ? dataFee(matchCostWei, dataFeeBps)
                : BigInteger.ZERO;
        BigInteger refund = lockedWei.subtract(providers).subtract(fee);
        if (refund.signum() < 0) {
            throw new IllegalArgumentException("payments (" + providers + " wei) and data fee (" + fee
                    + " wei) exceed the lock of " + lockedWei + " wei");
        }
        return new SettlementPlan(lockedWei, List.copyOf(payments), fee, refund);
    }

    /**
     * Per provider, what to take off so that the payments sum to at most {@code matchCost}: the excess, from the
     * providers with the dearest accepted work first (ties by name), each down to 0 at most.
     */
    private static Map<String, BigInteger> capAtTheMatchCost(List<AcceptedWork> accepted, Map<String, BigInteger> wei,
                                                             BigInteger matchCostWei) {
        if (matchCostWei == null || matchCostWei.signum() < 0) {
            throw new IllegalArgumentException("the match cost must be a non-negative amount of wei");
        }
        Map<String, BigInteger> cap = new TreeMap<>();
        wei.keySet().forEach(p -> cap.put(p, BigInteger.ZERO));
        BigInteger excess = wei.values().stream().reduce(BigInteger.ZERO, BigInteger::add).subtract(matchCostWei);
        if (excess.signum() <= 0) {
            return cap;
        }
        Map<String, BigInteger> dearest = new TreeMap<>();
        for (AcceptedWork w : accepted) {
            dearest.merge(w.provider(), w.pricePerKiloSampleStepWei(), BigInteger::max);
        }
        List<String> order = new ArrayList<>(wei.keySet());
        order.sort(java.util.Comparator.comparing((String p) -> dearest.get(p)).reversed()
                .thenComparing(java.util.Comparator.naturalOrder()));
        for (String p : order) {
            BigInteger take = excess.min(wei.get(p));
            cap.put(p, take);
            excess = excess.subtract(take);
            if (excess.signum() == 0) {
                break;
            }
        }
        return cap;
    }

    public BigInteger lockedWei() {
        return lockedWei;
    }

    /** Per provider, sorted by provider name. */
    public List<Payment> payments() {
        return payments;
    }

    public BigInteger providersWei() {
        return payments.stream().map(Payment::amountWei).reduce(BigInteger.ZERO, BigInteger::add);
    }

    public BigInteger dataFeeWei() {
        return dataFeeWei;
    }

    public BigInteger refundWei() {
        return refundWei;
    }
}
