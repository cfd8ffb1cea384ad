package org.trainex.portal.computemarket;

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
import org.trainex.portal.shared.FacesMessages;

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
        String me = FacesMessages.user();
        return providers.runners().stream().filter(r -> r.provider().equals(me) && "ACTIVE".equals(r.state()))
                .toList();
    }

    public List<BidView> getBook() {
        return providers.book();
    }

    public void postBid() {
        try {
            BidView b = providers.postBid(new PostBidCommand(runnerIds, price, null, null, null,
                    Instant.now().plus(Duration.ofHours(validHours))), FacesMessages.user());
            FacesMessages.info("Bid posted: " + b.capacity() + " samples/s at " + b.pricePerKiloSampleStepWei()
                    + " wei per 1,000 sample-steps");
        } catch (RuntimeException e) {
            FacesMessages.error(e);
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
