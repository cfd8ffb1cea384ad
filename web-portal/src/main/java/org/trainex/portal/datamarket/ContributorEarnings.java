package org.trainex.portal.datamarket;

import org.trainex.portal.shared.FacesMessages;
import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.math.BigInteger;
import org.trainex.datamarket.api.Dividends;

/**
 * Screen (contributor): registry entries (shares), how often each was used and the dividends it earned, with a
 * cumulative dividends chart (issue 4 item 5).
 */
@Named
@ViewScoped
public class ContributorEarnings implements Serializable {
    private static final long serialVersionUID = 1L;

    @Inject
    Dividends dividends;
    private Dividends.EarningsView earnings;

    @PostConstruct
    void init() {
        earnings = dividends.earnings(FacesMessages.user());
    }

    public Dividends.EarningsView getEarnings() {
        return earnings;
    }

    /** Chart.js configuration (JSON): cumulative dividends in wei after each payout. */
    public String getChart() {
        BigInteger running = BigInteger.ZERO;
        StringBuilder labels = new StringBuilder();
        StringBuilder data = new StringBuilder();
        for (Dividends.Payout p : earnings.payouts()) {
            running = running.add(new BigInteger(p.amountWei()));
            labels.append(labels.isEmpty() ? "" : ",").append('"').append(p.reference().replace("\"", "'"))
                    .append('"');
            data.append(data.isEmpty() ? "" : ",").append(running);
        }
        return "{\"type\":\"line\",\"data\":{\"labels\":[" + labels + "],\"datasets\":[{\"label\":\"cumulative "
                + "dividends (wei)\",\"data\":[" + data + "],\"fill\":true}]},\"options\":{\"animation\":false}}";
    }

    /** Wei as ETH text with 6 decimals, for display next to the exact wei. */
    public String eth(String wei) {
        return new java.math.BigDecimal(new BigInteger(wei), 18).setScale(6, java.math.RoundingMode.DOWN)
                .toPlainString() + " ETH";
    }

}
