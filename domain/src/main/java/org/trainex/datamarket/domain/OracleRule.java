package org.trainex.datamarket.domain;

/**
 * The oracle's relative rule (issue 11 item 3): a shard's labels agree with the oracle's predictions about as often
 * as the oracle is accurate on its own held-out reference samples when they are honest, and less when some are
 * wrong (a fraction f of flipped labels lowers the agreement by about f x the oracle's accuracy). So the oracle
 * compares {@code agreement / referenceAccuracy} with a relative threshold instead of the bare agreement with an
 * absolute one, which depends on how good the reference model happens to be (DataBright, seed 000, Section 2:
 * curators may delegate their vote to an oracle classifier).
 *
 * <p>The default relative threshold, {@link #DEFAULT_RELATIVE_THRESHOLD} (setting
 * {@code TRAINEX_ORACLE_RELATIVE_THRESHOLD}, a fraction), was chosen from measurements on Fashion-MNIST recorded in
 * {@code docs/oracle-calibration.md}: honest shards, and shards with 10/20/30% of their labels flipped, over
 * several seeds.
 */
public final class OracleRule {
    /** Default least relative agreement for an oracle yes (see {@code docs/oracle-calibration.md}). */
    public static final double DEFAULT_RELATIVE_THRESHOLD = 0.89;

    /**
     * The relative agreement: {@code agreement / referenceAccuracy}, capped at 1; 0 if the reference accuracy is 0.
     *
     * @param agreement         fraction in [0, 1]
     * @param referenceAccuracy fraction in [0, 1]
     */
    public static double relative(double agreement, double referenceAccuracy) {
        if (!(referenceAccuracy > 0)) {
            return 0;
        }
        return Math.min(1, agreement / referenceAccuracy);
    }

    /** Whether {@code relative(agreement, referenceAccuracy) >= relativeThreshold}. */
    public static boolean passes(double agreement, double referenceAccuracy, double relativeThreshold) {
        return relative(agreement, referenceAccuracy) >= relativeThreshold;
    }

    /**
     * The configured default: setting {@code oracle.relative.threshold} ({@code TRAINEX_ORACLE_RELATIVE_THRESHOLD}),
     * a fraction in [0, 1], else {@link #DEFAULT_RELATIVE_THRESHOLD}.
     *
     * @throws IllegalStateException if the setting is not a number in [0, 1]
     */
    public static double configuredDefault() {
        String v = org.trainex.shared.api.Settings.get("oracle.relative.threshold", null);
        if (v == null) {
            return DEFAULT_RELATIVE_THRESHOLD;
        }
        try {
            double d = Double.parseDouble(v);
            if (d >= 0 && d <= 1) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalStateException("setting TRAINEX_ORACLE_RELATIVE_THRESHOLD must be a fraction in [0, 1], got "
                + v);
    }

    private OracleRule() {
    }
}
