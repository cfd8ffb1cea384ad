package org.trainex.portal.computemarket;

import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.trainex.computemarket.api.BidView;
import org.trainex.computemarket.api.PostBidCommand;
import org.trainex.computemarket.api.Providers;
import org.trainex.computemarket.api.RunnerView;

/**
 * Screen (provider, consumer): the runners with their measured and observed capacity, the order book in price-time
 * priority, and for providers a form to bid on their runners (issue 5 items 2, 3 and 6).
 */
@Named
@ViewScoped
public class Market implements Serializable {
    private static final long serialVersionUID = 1L;

    @Inject
    Providers providers;

    private List<String> runnerIds = new java.util.ArrayList<>();
    private String price = "10";
    private int validHours = 24;

    public List<RunnerView> getRunners() {
        return providers.runners();
    }

    /** The signed-in provider's ACTIVE runners. */
    public List<RunnerView> getMyRunners() {
        String me = FacesContext.getCurrentInstance().getExternalContext().getUserPrincipal().getName();
        return providers.runners().stream().filter(r -> r.provider().equals(me) && "ACTIVE".equals(r.state()))
                .toList();
    }

    public List<BidView> getBook() {
        return providers.book();
    }

    public void postBid() {
        FacesContext ctx = FacesContext.getCurrentInstance();
        try {
            BidView b = providers.postBid(new PostBidCommand(runnerIds, price, null, null, null,
                    Instant.now().plus(Duration.ofHours(validHours))), ctx.getExternalContext().getUserPrincipal()
                    .getName());
            ctx.addMessage(null, new FacesMessage(FacesMessage.SEVERITY_INFO, "Bid posted: " + b.capacity()
                    + " samples/s at " + b.pricePerKiloSampleStepWei() + " wei per 1,000 sample-steps", null));
        } catch (RuntimeException e) {
            Throwable t = e;
            while (t instanceof jakarta.ejb.EJBException && t.getCause() != null) {
                t = t.getCause();
            }
            ctx.addMessage(null, new FacesMessage(FacesMessage.SEVERITY_ERROR, t.getMessage(), null));
        }
    }

    public List<String> getRunnerIds() {
        return runnerIds;
    }

    public void setRunnerIds(List<String> runnerIds) {
        this.runnerIds = runnerIds;
    }

    public String getPrice() {
        return price;
    }

    public void setPrice(String price) {
        this.price = price;
    }

    public int getValidHours() {
        return validHours;
    }

    public void setValidHours(int validHours) {
        this.validHours = validHours;
    }
}
