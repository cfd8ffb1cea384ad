package org.trainex.computemarket.domain.matching;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;

/** Argument checks shared by the records of this package: each failure is an IllegalArgumentException naming the field. */
final class Checks {
    private Checks() {
    }

    static <T> T notNull(String field, T value) {
        if (value == null) {
            throw new IllegalArgumentException(field + " must not be null");
        }
        return value;
    }

    static String notBlank(String field, String value) {
        notNull(field, value);
        if (value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
        return value;
    }

    static long positive(String field, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(field + " must be > 0, got " + value);
        }
        return value;
    }

    static long notNegative(String field, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(field + " must be >= 0, got " + value);
        }
        return value;
    }

    static BigInteger positive(String field, BigInteger value) {
        notNull(field, value);
        if (value.signum() <= 0) {
            throw new IllegalArgumentException(field + " must be > 0, got " + value);
        }
        return value;
    }

    static BigInteger notNegative(String field, BigInteger value) {
        notNull(field, value);
        if (value.signum() < 0) {
            throw new IllegalArgumentException(field + " must be >= 0, got " + value);
        }
        return value;
    }

    /** An immutable copy of a list of distinct, non-blank strings; at least one when {@code nonEmpty}. */
    static List<String> distinctNames(String field, Collection<String> values, boolean nonEmpty) {
        notNull(field, values);
        if (nonEmpty && values.isEmpty()) {
            throw new IllegalArgumentException(field + " must not be empty");
        }
        List<String> copy = new ArrayList<>(values.size());
        HashSet<String> seen = new HashSet<>();
        for (String value : values) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(field + " must not contain a null or blank name");
            }
            if (!seen.add(value)) {
                throw new IllegalArgumentException(field + " must not repeat a name, got " + value + " twice");
            }
            copy.add(value);
        }
        return List.copyOf(copy);
    }

    /** ceil(a / b) for a >= 0, b > 0, without overflow. */
    static long ceilDiv(long a, long b) {
        long q = a / b;
        return a % b == 0 ? q : q + 1;
    }

    /** ceil(a / b) for a >= 0, b > 0. */
    static BigInteger ceilDiv(BigInteger a, BigInteger b) {
        BigInteger[] qr = a.divideAndRemainder(b);
        return qr[1].signum() == 0 ? qr[0] : qr[0].add(BigInteger.ONE);
    }
}
