package org.trainex.portal.shared;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * Incident ids: an unexpected failure in the portal is logged once at SEVERE with its stack trace and a random id,
 * and the person sees only that id (issue 11, item 8: "a friendly error page with an incident id instead of any
 * stack trace in the portal"). An operator finds the stack trace by grepping the server log for the id.
 */
public final class Incidents {
    /** The request attribute that carries the incident id of a failed request to the error page. */
    public static final String ATTRIBUTE = "org.trainex.portal.incident";
    private static final Logger LOG = Logger.getLogger(Incidents.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern ID = Pattern.compile("[0-9a-f]{12}");

    /** A fresh random id: 12 lower-case hex digits (48 bits). */
    public static String newId() {
        byte[] b = new byte[6];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** True if {@code id} has the form of an incident id (so a page may echo it). */
    public static boolean isId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    /** Logs {@code failure} at SEVERE with a fresh incident id and returns the id. */
    public static String record(String where, Throwable failure) {
        String id = newId();
        LOG.log(Level.SEVERE, "incident " + id + " at " + where, failure);
        return id;
    }

    private Incidents() {
    }
}
