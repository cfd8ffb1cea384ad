package org.trainex.shared.application;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.logging.Logger;
import org.trainex.jobs.protocol.ContentIds;
import org.trainex.shared.api.BlobInfo;
import org.trainex.shared.api.Blobs;
import org.trainex.shared.api.ContentId;
import org.trainex.shared.api.InvalidInputException;
import org.trainex.shared.api.NotFoundException;
import org.trainex.shared.api.PayloadTooLargeException;
import org.trainex.shared.domain.BlobRepository;
import org.trainex.shared.domain.BlobStorage;
import org.trainex.shared.api.Settings;

/**
 * Stores blobs after re-hashing them (DESIGN.md, "Content addressing": the server re-hashes every upload and
 * rejects mismatches). Upload limit: setting {@code max.upload.bytes} ({@code TRAINEX_MAX_UPLOAD_BYTES}),
 * default 512 MiB.
 */
@Stateless
public class BlobService implements Blobs {
    private static final Logger LOG = Logger.getLogger(BlobService.class.getName());
    static final long DEFAULT_MAX_UPLOAD_BYTES = 512L * 1024 * 1024;

    @Inject
    BlobStorage storage;
    @Inject
    BlobRepository repository;

    @Override
    public Stored store(ContentId expected, InputStream content, String uploader) {
        long max = Settings.getLong("max.upload.bytes", DEFAULT_MAX_UPLOAD_BYTES);
        try (BlobStorage.Staged staged = storage.stage(content, max)) {
            String actual = ContentIds.fromSha256(staged.sha256());
            if (!actual.equals(expected.value())) {
                throw new InvalidInputException("content digest mismatch: the uploaded " + staged.sizeBytes()
                        + " bytes hash to " + actual + ", not " + expected.value());
            }
            Optional<BlobInfo> existing = find(expected);
            staged.commit(expected.sha256Hex());
            if (existing.isPresent()) {
                return new Stored(existing.get(), false);
            }
            Instant now = Instant.now();
            repository.addIfAbsent(expected, staged.sizeBytes(), uploader, now);
            LOG.info(() -> "stored blob " + expected + " (" + staged.sizeBytes() + " bytes) from " + uploader);
            return new Stored(new BlobInfo(expected, staged.sizeBytes(), uploader, now), true);
        } catch (BlobStorage.TooLargeException e) {
            throw new PayloadTooLargeException(e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("blob upload failed: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<BlobInfo> find(ContentId id) {
        Optional<BlobInfo> info = repository.find(id).map(b -> b.toInfo());
        return info.filter(i -> storage.find(id.sha256Hex()) != null);
    }

    @Override
    public InputStream open(ContentId id) {
        Path p = storage.find(id.sha256Hex());
        if (p == null || repository.find(id).isEmpty()) {
            throw new NotFoundException("no blob " + id);
        }
        try {
            return Files.newInputStream(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read blob " + id, e);
        }
    }
}
