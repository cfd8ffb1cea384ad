package org.trainex.portal.computemarket;

import java.math.BigDecimal;
import java.math.BigInteger;

/** Display of wei amounts (decimal strings, DESIGN.md "Money is never lost": never floating point in the books). */
final class Amounts {
    private Amounts() {
    }

    /**
     * Wei as exact ETH text without trailing zeros, e.g. {@code "0.001 ETH"} for 10^15 wei and {@code "0.0000000000004
     * ETH"} for 400,000 wei; empty for null or a string that is not a decimal integer. For display next to the exact
     * wei only.
     */
    static String eth(String wei) {
        if (wei == null || !wei.matches("-?[0-9]{1,80}")) {
            return "";
        }
        BigDecimal eth = new BigDecimal(new BigInteger(wei), 18);
        return (eth.signum() == 0 ? "0" : eth.stripTrailingZeros().toPlainString()) + " ETH";
    }
}
