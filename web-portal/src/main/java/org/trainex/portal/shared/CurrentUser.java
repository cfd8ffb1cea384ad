package org.trainex.portal.shared;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.stream.Stream;

/** The signed-in user for the portal's template: name and realm roles (drives the role-aware menu). */
@Named
@RequestScoped
public class CurrentUser {
    private static final List<String> HUMAN_ROLES = List.of(Roles.INITIATOR, Roles.CONTRIBUTOR, Roles.CURATOR,
            Roles.CONSUMER, Roles.PROVIDER, Roles.VALIDATOR, Roles.ADMIN);

    @Inject
    HttpServletRequest request;

    public String getName() {
        return request.getUserPrincipal() == null ? "" : request.getUserPrincipal().getName();
    }

    public boolean has(String role) {
        return request.isUserInRole(role);
    }

    /** The user's roles, comma separated, for display. */
    public String getRoles() {
        return String.join(", ", Stream.of(HUMAN_ROLES.toArray(String[]::new)).filter(this::has).toList());
    }

    /** May see the data market pages. */
    public boolean isDataMarket() {
        return Stream.of(Roles.INITIATOR, Roles.CONTRIBUTOR, Roles.CURATOR, Roles.ADMIN).anyMatch(this::has);
    }

    /** May see the compute market pages. */
    public boolean isComputeMarket() {
        return Stream.of(Roles.CONSUMER, Roles.PROVIDER, Roles.VALIDATOR, Roles.ADMIN).anyMatch(this::has);
    }
}
