package org.trainex.portal.datamarket;

import org.trainex.portal.shared.FacesMessages;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.primefaces.model.file.UploadedFile;
import org.trainex.datamarket.api.DataProposalView;
import org.trainex.datamarket.api.DataRequestView;
import org.trainex.datamarket.api.DataRequests;
import org.trainex.datamarket.api.SubmitProposalCommand;
import org.trainex.jobs.protocol.ContentIds;
import org.trainex.shared.api.Blobs;
import org.trainex.shared.api.ContentId;

/**
 * Screen (contributor): submit a proposal (IDX images + labels files, wallet, licence) to an open data request;
 * the server stores both files as content-addressed blobs and checks them against the request's schema. Lists the
 * caller's proposals with their state.
 */
@Named
@ViewScoped
public class SubmitProposal implements Serializable {
    private static final long serialVersionUID = 1L;

    @Inject
    DataRequests requests;
    @Inject
    Blobs blobs;

    private UUID requestId;
    private String wallet;
    private String license = "CC-BY-4.0";
    private transient UploadedFile images;
    private transient UploadedFile labels;

    public List<DataRequestView> getOpenRequests() {
        return requests.list().stream().filter(r -> "OPEN".equals(r.state())).toList();
    }

    /** The caller's proposals, newest request first. */
    public List<DataProposalView> getMine() {
        String me = FacesMessages.user();
        List<DataProposalView> mine = new ArrayList<>();
        for (DataRequestView r : requests.list()) {
            requests.proposals(r.id()).stream().filter(p -> me.equals(p.contributor())).forEach(mine::add);
        }
        return mine;
    }

    public void submit() {
        try {
            boolean csv = requestId != null && "CSV".equals(requests.get(requestId).format());
            if (csv && (images == null || images.getSize() == 0)) {
                throw new IllegalArgumentException("choose the CSV file (first file field)");
            }
            if (!csv && (images == null || labels == null || images.getSize() == 0 || labels.getSize() == 0)) {
                throw new IllegalArgumentException("choose an IDX images file and an IDX labels file");
            }
            DataProposalView p;
            if (csv) {
                p = requests.submit(requestId, new SubmitProposalCommand(wallet, null, null, license,
                        store(images).value()), FacesMessages.user());
            } else {
                p = requests.submit(requestId, new SubmitProposalCommand(wallet, store(images).value(),
                        store(labels).value(), license, null), FacesMessages.user());
            }
            FacesMessages.info("Proposal " + p.id() + " submitted: " + p.sampleCount() + " samples");
        } catch (IOException e) {
            FacesMessages.error(new IllegalStateException("cannot read the upload: " + e.getMessage()));
        } catch (RuntimeException e) {
            FacesMessages.error(e);
        }
    }

    private ContentId store(UploadedFile f) throws IOException {
        String cid;
        try (InputStream in = f.getInputStream()) {
            cid = ContentIds.of(in);
        }
        try (InputStream in = f.getInputStream()) {
            return blobs.store(ContentId.of(cid), in, FacesMessages.user()).blob().contentId();
        }
    }

    public UUID getRequestId() {
        return requestId;
    }

    public void setRequestId(UUID requestId) {
        this.requestId = requestId;
    }

    public String getWallet() {
        return wallet;
    }

    public void setWallet(String wallet) {
        this.wallet = wallet;
    }

    public String getLicense() {
        return license;
    }

    public void setLicense(String license) {
        this.license = license;
    }

    public UploadedFile getImages() {
        return images;
    }

    public void setImages(UploadedFile images) {
        this.images = images;
    }

    public UploadedFile getLabels() {
        return labels;
    }

    public void setLabels(UploadedFile labels) {
        this.labels = labels;
    }
}
