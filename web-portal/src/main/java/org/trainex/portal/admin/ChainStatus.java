package org.trainex.portal.admin;

import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.List;
import org.trainex.shared.api.ChainContracts;
import org.trainex.shared.api.ChainOutbox;

/** Screen (admin): the chain outbox with every request's state and last error, and the deployed contracts. */
@Named
@ViewScoped
public class ChainStatus implements Serializable {
    private static final long serialVersionUID = 1L;

    @Inject
    ChainOutbox outbox;
    @Inject
    ChainContracts contracts;

    public List<ChainOutbox.Request> getRequests() {
        return outbox.recent(200);
    }

    public List<ChainContracts.Deployed> getContracts() {
        return contracts.all();
    }

    /** Requests that failed: what an operator must look at. */
    public long getFailed() {
        return getRequests().stream().filter(r -> r.state() == ChainOutbox.State.FAILED).count();
    }
}
