package org.trainex.shared.api;

/**
 * Reads the exchange's configuration: system property {@code trainex.<key>} (set by the launcher on the
 * WildFly command line) first, then environment variable {@code TRAINEX_<KEY>} (dots and dashes become
 * underscores, upper case), then the default. The README's configuration table lists every key.
 */
public final class Settings {
    /** The value of {@code key} (e.g. {@code blob.dir}), or {@code defaultValue}. */
    public static String get(String key, String defaultValue) {
        String v = System.getProperty("trainex." + key);
        if (v == null || v.isBlank()) {
            v = System.getenv("TRAINEX_" + key.replace('.', '_').replace('-', '_').toUpperCase(java.util.Locale.ROOT));
        }
        return v == null || v.isBlank() ? defaultValue : v.trim();
    }

    /** A positive long setting. @throws IllegalStateException naming the key if it is not a positive number */
    public static long getLong(String key, long defaultValue) {
        String v = get(key, null);
        if (v == null) {
            return defaultValue;
        }
        try {
            long n = Long.parseLong(v);
            if (n <= 0) {
                throw new NumberFormatException("not positive");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalStateException("setting trainex." + key + " must be a positive integer, got " + v, e);
        }
    }

    private Settings() {
    }
}
