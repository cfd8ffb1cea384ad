package org.trainex.computemarket.api;

/**
 * Who asks: the signed-in principal's name and whether it holds the admin role. Orders, bills, jobs, matches and
 * trained models are readable only by the order's consumer, the providers in its match, and admins (issue 11 item
 * 7); to anyone else they do not exist (404, so that ids do not leak). Validators are not named in matches yet:
 * they read what admins grant them once verification assigns them to a match.
 *
 * @param name  the principal (Keycloak {@code preferred_username}), not blank
 * @param admin holds the {@code admin} realm role
 */
public record Caller(String name, boolean admin) {
    public Caller {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a caller needs a name");
        }
    }

    /** Whether this caller may read an order of {@code consumer} whose match names {@code matchedProviders}. */
    public boolean mayRead(String consumer, java.util.Collection<String> matchedProviders) {
        return admin || name.equals(consumer) || matchedProviders.contains(name);
    }
}
