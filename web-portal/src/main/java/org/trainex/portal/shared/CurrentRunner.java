package org.trainex.portal.shared;

import jakarta.enterprise.context.RequestScoped;
import java.util.Optional;
import org.trainex.computemarket.api.RunnerIdentity;

/**
 * The runner a request comes from, as the runner-key filter proved it from the {@code Trainex-Runner-Key} header
 * (issue 11 item 6; the filter is org.trainex.portal.computemarket.RunnerKeyFilter). Empty for requests of people.
 */
@RequestScoped
public class CurrentRunner {
    private RunnerIdentity identity;

    /** Set once per request by the runner-key filter, the only caller. */
    public void set(RunnerIdentity identity) {
        this.identity = identity;
    }

    /** The proven runner, if the caller is one. */
    public Optional<RunnerIdentity> get() {
        return Optional.ofNullable(identity);
    }

    /**
     * The proven runner.
     *
     * @throws org.trainex.shared.api.AccessDeniedException if the request carries no valid runner key (cannot
     *                                                      happen behind the filter for the runner role)
     */
    public RunnerIdentity require() {
        return get().orElseThrow(() -> new org.trainex.shared.api.AccessDeniedException(
                "this request needs a runner key (header Trainex-Runner-Key)"));
    }
}
