package org.trainex.shared.infrastructure;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import org.trainex.shared.api.Settings;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.logging.Logger;
import org.trainex.jobs.protocol.ContentIds;
import org.trainex.shared.domain.BlobStorage;

/**
 * Blob bytes in a directory: {@code <dir>/<hex[0..2]>/<sha256 hex>}, written through a staging file and an
 * atomic rename, so a reader never sees a partial blob. Directory from setting {@code blob.dir}
 * ({@code TRAINEX_BLOB_DIR}), default {@code <jboss.server.data.dir>/trainex-blobs}.
 */
@ApplicationScoped
public class FileSystemBlobStorage implements BlobStorage {
    private static final Logger LOG = Logger.getLogger(FileSystemBlobStorage.class.getName());
    private Path root;

    @PostConstruct
    void init() {
        String fallback = System.getProperty("jboss.server.data.dir", System.getProperty("java.io.tmpdir"))
                + "/trainex-blobs";
        root = Path.of(Settings.get("blob.dir", fallback)).toAbsolutePath();
        try {
            Files.createDirectories(root.resolve("staging"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create blob directory " + root, e);
        }
        LOG.info(() -> "blob store in " + root);
    }

    @Override
    public Staged stage(InputStream in, long maxBytes) throws IOException {
        Path tmp = Files.createTempFile(root.resolve("staging"), "upload-", ".part");
        MessageDigest md = ContentIds.sha256();
        long size = 0;
        try (OutputStream out = Files.newOutputStream(tmp)) {
            byte[] buf = new byte[128 * 1024];
            for (int n; (n = in.read(buf)) > 0; ) {
                size += n;
                if (size > maxBytes) {
                    throw new TooLargeException("upload exceeds the limit of " + maxBytes + " bytes");
                }
                md.update(buf, 0, n);
                out.write(buf, 0, n);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        return new FileStaged(tmp, md.digest(), size);
    }

    @Override
    public Path find(String sha256Hex) {
        Path p = pathOf(sha256Hex);
        return Files.isRegularFile(p) ? p : null;
    }

    private Path pathOf(String hex) {
        return root.resolve(hex.substring(0, 2)).resolve(hex);
    }

    private final class FileStaged implements Staged {
        private final Path tmp;
        private final byte[] sha256;
        private final long size;

        FileStaged(Path tmp, byte[] sha256, long size) {
            this.tmp = tmp;
            this.sha256 = sha256;
            this.size = size;
        }

        @Override
        public byte[] sha256() {
            return sha256.clone();
        }

        @Override
        public long sizeBytes() {
            return size;
        }

        @Override
        public void commit(String sha256Hex) throws IOException {
            Path target = pathOf(sha256Hex);
            Files.createDirectories(target.getParent());
            if (Files.exists(target)) {
                return;
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException e) {
                // another upload of the same bytes won the race: same content, nothing to do
            }
        }

        @Override
        public void close() {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException e) {
                LOG.warning("cannot remove staging file " + tmp + ": " + e.getMessage());
            }
        }
    }
}
