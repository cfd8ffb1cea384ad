package org.trainex.datamarket.application;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.trainex.datamarket.domain.IdxInspector;
import org.trainex.shared.api.Blobs;
import org.trainex.shared.api.ContentId;
import org.trainex.shared.api.InvalidInputException;
import org.trainex.shared.api.NotFoundException;

/** Reads a dataset's two IDX blobs from the blob store and checks them ({@link IdxInspector}). */
final class DatasetBlobs {
    /**
     * @throws InvalidInputException if the blobs are the same or malformed
     * @throws NotFoundException     if a blob is not stored
     */
    static IdxInspector.Summary inspect(Blobs blobs, ContentId images, ContentId labels) {
        if (images.equals(labels)) {
            throw new InvalidInputException("imagesCid and labelsCid must name two different blobs");
        }
        try (InputStream img = blobs.open(images); InputStream lab = blobs.open(labels)) {
            return IdxInspector.inspect(img, lab);
        } catch (NotFoundException e) {
            throw new NotFoundException(e.getMessage() + ": upload it before using it");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private DatasetBlobs() {
    }
}
