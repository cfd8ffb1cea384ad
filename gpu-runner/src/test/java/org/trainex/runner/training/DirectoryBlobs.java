package org.trainex.runner.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.trainex.jobs.protocol.ContentIds;
import org.trainex.runner.blobs.BlobException;
import org.trainex.runner.blobs.BlobStore;

/** A blob store fake for executor tests: blobs are files in a directory, named by their content id. */
final class DirectoryBlobs implements BlobStore {
    final Map<String, Path> files = new HashMap<>();
    private final Path dir;

    DirectoryBlobs(Path dir) {
        this.dir = dir;
    }

    /** Stores bytes and returns their content id. */
    String add(byte[] content) throws IOException {
        String cid = ContentIds.of(content);
        files.put(cid, Files.write(dir.resolve(cid), content));
        return cid;
    }

    @Override
    public Path fetch(String cid) throws BlobException {
        Path p = files.get(cid);
        if (p == null) {
            throw new BlobException(cid, "blob " + cid + " not found (HTTP 404)");
        }
        return p;
    }

    @Override
    public String put(Path file) throws IOException {
        return add(Files.readAllBytes(file));
    }
}
