package org.trainex.portal.computemarket;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.ext.Provider;
import java.util.Optional;
import java.util.logging.Logger;
import org.trainex.computemarket.api.RunnerIdentity;
import org.trainex.computemarket.api.RunnerKeys;
import org.trainex.jobs.protocol.RunnerAuth;
import org.trainex.portal.shared.CurrentRunner;
import org.trainex.portal.shared.ProblemDetails;
import org.trainex.portal.shared.Roles;

/**
 * Runner identities on the REST API (issue 11 item 6; ADR 0012). The OIDC token of a runner ({@code trainex-runner}
 * client credentials) only says "a runner program": every request whose caller has the {@code runner} role must
 * also carry its own runner key in the header {@value RunnerAuth#KEY_HEADER}, issued by its provider. Without a
 * valid key the request ends with 401 problem+json before any resource runs; with one, {@link CurrentRunner} holds
 * the runner id and its provider for the resources. Requests of people (no runner role) are not affected.
 */
@Provider
@Priority(Priorities.AUTHORIZATION + 1)
public class RunnerKeyFilter implements ContainerRequestFilter {
    private static final Logger LOG = Logger.getLogger(RunnerKeyFilter.class.getName());

    @Inject
    RunnerKeys keys;
    @Inject
    CurrentRunner current;

    @Override
    public void filter(ContainerRequestContext req) {
        SecurityContext security = req.getSecurityContext();
        if (security == null || security.getUserPrincipal() == null || !security.isUserInRole(Roles.RUNNER)) {
            return;
        }
        String key = req.getHeaderString(RunnerAuth.KEY_HEADER);
        if (key == null || key.isBlank()) {
            req.abortWith(ProblemDetails.response(Response.Status.UNAUTHORIZED, "a runner must send its runner key "
                    + "in the header " + RunnerAuth.KEY_HEADER + " (its provider issues it with POST "
                    + "/api/providers/me/runners/{id}/key)"));
            return;
        }
        Optional<RunnerIdentity> who = keys.authenticate(key.strip());
        if (who.isEmpty()) {
            LOG.warning(() -> "refused a runner request to " + req.getUriInfo().getPath() + ": unknown or revoked "
                    + "runner key");
            req.abortWith(ProblemDetails.response(Response.Status.UNAUTHORIZED, "the runner key is unknown or "
                    + "revoked: ask the runner's provider for a new one"));
            return;
        }
        current.set(who.get());
    }
}
