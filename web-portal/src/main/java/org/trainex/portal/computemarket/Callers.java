package org.trainex.portal.computemarket;

import jakarta.faces.context.FacesContext;
import jakarta.ws.rs.core.SecurityContext;
import org.trainex.computemarket.api.Caller;
import org.trainex.portal.shared.Roles;

/** The signed-in user as a compute-market {@link Caller} (name, admin role), for per-owner reads (issue 11 item 7). */
final class Callers {
    private Callers() {
    }

    /** From a REST request. */
    static Caller of(SecurityContext security) {
        return new Caller(security.getUserPrincipal().getName(), security.isUserInRole(Roles.ADMIN));
    }

    /** From the current Faces request. */
    static Caller faces() {
        var ec = FacesContext.getCurrentInstance().getExternalContext();
        return new Caller(ec.getUserPrincipal().getName(), ec.isUserInRole(Roles.ADMIN));
    }
}
