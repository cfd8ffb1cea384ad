package org.trainex.portal.datamarket;

import org.trainex.portal.shared.FacesMessages;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.trainex.datamarket.api.Curation;

/**
 * Screen (curator): link a wallet (signature of the link message), choose a delegation (vote yourself, the oracle,
 * or another curator), and vote on the queue of open proposals with a preview of their images and label
 * histogram (DataBright, seed 000, Section 2).
 */
@Named
@ViewScoped
public class CurateProposals implements Serializable {
    private static final long serialVersionUID = 1L;

    @Inject
    Curation curation;
    @Inject
    org.trainex.datamarket.api.DataRequests requests;

    private String wallet;
    private String signature;
    private String delegate;

    public Curation.CuratorView getMe() {
        return curation.me(FacesMessages.user());
    }

    public List<Curation.QueueItem> getQueue() {
        return curation.queue(FacesMessages.user());
    }

    /** The link message for the wallet typed in the form (or the template). */
    public String getLinkMessage() {
        String w = wallet == null || wallet.isBlank() ? "<wallet>" : wallet.strip();
        return "Trainex: link wallet " + w + " to curator account " + FacesMessages.user();
    }

    public void link() {
        try {
            curation.linkWallet(FacesMessages.user(), wallet, signature);
            FacesMessages.info("Wallet linked");
        } catch (RuntimeException e) {
            FacesMessages.error(e);
        }
    }

    public void saveDelegation() {
        try {
            Curation.CuratorView v = curation.delegate(FacesMessages.user(), delegate);
            FacesMessages.info(v.delegate() == null ? "You vote yourself" : "Your voting power goes to " + v.delegate());
        } catch (RuntimeException e) {
            FacesMessages.error(e);
        }
    }

    public void vote(UUID proposalId, boolean support) {
        try {
            Curation.VoteView v = curation.vote(proposalId, support, FacesMessages.user());
            FacesMessages.info("You voted " + (support ? "yes" : "no") + " with " + v.weight() + " (snapshot block "
                    + v.snapshotBlock() + ")");
        } catch (RuntimeException e) {
            FacesMessages.error(e);
        }
    }

    /** The header and first 5 rows of a CSV proposal, as text. */
    public String csvHead(UUID proposalId) {
        try {
            return requests.rows(proposalId, 5).stream().map(r -> String.join(", ", r))
                    .collect(Collectors.joining("\n"));
        } catch (RuntimeException e) {
            return "(no preview: " + e.getMessage() + ")";
        }
    }

    /** A label histogram as text, e.g. {@code 0:1000 1:998 ...}. */
    public String histogram(List<Long> counts) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < counts.size(); i++) {
            b.append(i).append(':').append(counts.get(i)).append(i + 1 < counts.size() ? "  " : "");
        }
        return b.toString();
    }

    /** Chart.js configuration (JSON) of a label histogram, for {@code p:chart}. */
    public String histogramChart(List<Long> counts) {
        String labels = java.util.stream.IntStream.range(0, counts.size()).mapToObj(i -> "\"" + i + "\"")
                .collect(Collectors.joining(","));
        String data = counts.stream().map(String::valueOf).collect(Collectors.joining(","));
        return "{\"type\":\"bar\",\"data\":{\"labels\":[" + labels + "],\"datasets\":[{\"label\":\"samples per "
                + "label\",\"data\":[" + data + "]}]},\"options\":{\"animation\":false,\"plugins\":{\"legend\":"
                + "{\"display\":false}}}}";
    }

    public String getWallet() {
        return wallet;
    }

    public void setWallet(String wallet) {
        this.wallet = wallet;
    }

    public String getSignature() {
        return signature;
    }

    public void setSignature(String signature) {
        this.signature = signature;
    }

    public String getDelegate() {
        return delegate;
    }

    public void setDelegate(String delegate) {
        this.delegate = delegate;
    }
}
