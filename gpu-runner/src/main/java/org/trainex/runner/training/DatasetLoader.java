package org.trainex.runner.training;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.trainex.jobs.protocol.DatasetRef;
import org.trainex.runner.blobs.BlobException;
import org.trainex.runner.blobs.BlobStore;
import org.trainex.runner.data.IdxFormatException;
import org.trainex.runner.data.IdxImages;
import org.trainex.runner.data.IdxLabels;
import org.trainex.runner.data.IdxReader;
import org.trainex.runner.data.LabelledImages;

/**
 * Fetches a dataset's two IDX blobs (verified by content id) and decodes them, checked against the
 * {@link DatasetRef}. Keeps the last decoded dataset in memory (about N x (rows x columns + 1) bytes, 47 MB for
 * Fashion-MNIST's training set), since consecutive tasks of a job usually share it.
 */
final class DatasetLoader {
    private final BlobStore blobs;
    private DatasetRef lastRef;
    private LabelledImages last;

    DatasetLoader(BlobStore blobs) {
        this.blobs = blobs;
    }

    /**
     * @throws BlobException      a blob is missing, denied or corrupt
     * @throws IdxFormatException the files are not what the reference announces
     * @throws IOException        the exchange is unavailable, or local I/O fails
     */
    LabelledImages load(DatasetRef ref) throws BlobException, IdxFormatException, IOException {
        if (ref.equals(lastRef)) {
            return last;
        }
        last = null;
        lastRef = null;
        Path imagesFile = blobs.fetch(ref.imagesCid());
        Path labelsFile = blobs.fetch(ref.labelsCid());
        IdxImages images;
        try (InputStream in = Files.newInputStream(imagesFile)) {
            images = IdxReader.readImages(in, "images blob " + ref.imagesCid());
        }
        IdxLabels labels;
        try (InputStream in = Files.newInputStream(labelsFile)) {
            labels = IdxReader.readLabels(in, "labels blob " + ref.labelsCid());
        }
        LabelledImages data;
        try {
            data = LabelledImages.of(images, labels, ref.sampleCount(), ref.rows(), ref.columns(), ref.classes());
        } catch (IdxFormatException e) {
            throw new IdxFormatException("dataset (images " + ref.imagesCid() + ", labels " + ref.labelsCid()
                    + "): " + e.getMessage(), e);
        }
        lastRef = ref;
        last = data;
        return data;
    }
}
