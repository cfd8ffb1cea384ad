package org.trainex.shared.api;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What a scheduled tick remembers of the items that failed, so that one bad item can never stop a market (issue 11,
 * "no input can stop a market"): a tick asks {@link #due} before it works on an item, works on it in its own
 * transaction, and reports {@link #failed} or {@link #succeeded}. A failing item is logged once, at WARNING, with
 * its id and the cause's one-line message (later failures of the same item at FINE, with the stack trace), and is
 * then skipped with an exponential back-off: {@code base} after the first failure, doubling up to {@code max}.
 * When it succeeds again, that is logged once at INFO and it is due at every tick again.
 *
 * <p>Thread-safe; state is kept in memory (a restart retries everything once, which is harmless for idempotent
 * ticks). Ids are any value with equals/hashCode (UUIDs, names).
 */
public final class FailingItems {
    private record Failure(int count, Instant nextAttempt) {
    }

    private final Logger log;
    private final String what;
    private final Duration base;
    private final Duration max;
    private final ConcurrentHashMap<Object, Failure> failures = new ConcurrentHashMap<>();

    /**
     * @param log the scheduler's logger
     * @param what what an item is, for the log ("curation of proposal")
     * @param base back-off after the first failure (positive)
     * @param max longest back-off (at least {@code base})
     * @throws IllegalArgumentException if the durations are not positive or {@code max < base}
     */
    public FailingItems(Logger log, String what, Duration base, Duration max) {
        if (base.isZero() || base.isNegative() || max.compareTo(base) < 0) {
            throw new IllegalArgumentException("back-off needs 0 < base <= max, got " + base + ", " + max);
        }
        this.log = log;
        this.what = what;
        this.base = base;
        this.max = max;
    }

    /** A tracker with a back-off of 5 s doubling to 5 min. */
    public FailingItems(Logger log, String what) {
        this(log, what, Duration.ofSeconds(5), Duration.ofMinutes(5));
    }

    /** Whether {@code id} may be worked on at {@code now}: never failed, or its back-off has passed. */
    public boolean due(Object id, Instant now) {
        Failure f = failures.get(id);
        return f == null || !now.isBefore(f.nextAttempt());
    }

    /**
     * Records that working on {@code id} threw {@code e} at {@code now}: logs it (once at WARNING) and backs off.
     *
     * @return the back-off before the next attempt
     */
    public Duration failed(Object id, Throwable e, Instant now) {
        Failure f = failures.compute(id, (k, old) -> {
            int n = old == null ? 1 : old.count() + 1;
            return new Failure(n, now.plus(backOff(n)));
        });
        Duration wait = backOff(f.count());
        if (f.count() == 1) {
            log.warning(() -> what + " " + id + " failed: " + oneLine(e) + "; skipped for " + wait.toSeconds()
                    + " s, then retried with a doubling back-off (at most " + max.toSeconds()
                    + " s; later failures are logged at FINE)");
            log.log(Level.FINE, what + " " + id + " failed", e);
        } else if (log.isLoggable(Level.FINE)) {
            log.log(Level.FINE, what + " " + id + " failed again (" + f.count() + " times); next attempt in "
                    + wait.toSeconds() + " s", e);
        }
        return wait;
    }

    /** Records that {@code id} was worked on without error (logs a recovery once). */
    public void succeeded(Object id) {
        Failure f = failures.remove(id);
        if (f != null) {
            log.info(() -> what + " " + id + " succeeded after " + f.count() + " failed attempt(s)");
        }
    }

    /** How many items are backing off now (for status pages and tests). */
    public int backingOff() {
        return failures.size();
    }

    /**
     * Runs {@code work} on {@code id} if it is due, recording the outcome; never throws a RuntimeException.
     *
     * @return the work's result, or null if the item was not due or failed
     */
    public <T> T attempt(Object id, Instant now, Supplier<T> work) {
        if (!due(id, now)) {
            return null;
        }
        try {
            T t = work.get();
            succeeded(id);
            return t;
        } catch (RuntimeException e) {
            failed(id, e, now);
            return null;
        }
    }

    /** {@link #attempt(Object, Instant, Supplier)} for work without a result; true if it ran without error. */
    public boolean run(Object id, Instant now, Runnable work) {
        return Boolean.TRUE.equals(attempt(id, now, () -> {
            work.run();
            return Boolean.TRUE;
        }));
    }

    private Duration backOff(int failures) {
        long factor = 1L << Math.min(failures - 1, 30);
        Duration d = base.multipliedBy(factor);
        return d.compareTo(max) > 0 ? max : d;
    }

    private static String oneLine(Throwable e) {
        Throwable r = e;
        while (r.getCause() != null && r.getCause() != r && (r.getMessage() == null
                || r instanceof jakarta.ejb.EJBException)) {
            r = r.getCause();
        }
        String m = r.getMessage();
        String first = m == null ? "" : m.lines().findFirst().orElse("");
        return r.getClass().getSimpleName() + (first.isEmpty() ? "" : ": " + first);
    }
}
