package org.trainex.runner.training;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HexFormat;
import java.util.Optional;
import org.trainex.jobs.protocol.ClassifyTask;
import org.trainex.jobs.protocol.ContentIds;
import org.trainex.jobs.protocol.DatasetRef;

/**
 * Remembers which oracle model a runner trained for a {@link ClassifyTask}'s training inputs, so that the next
 * proposal checked against the same reference does not train again.
 *
 * <p>The key is the SHA-256 of {@code modelConfigJson} (byte for byte), the reference's content ids and shape,
 * {@code epochs}, {@code batchSize} and {@code seed}: everything the trained weights depend on (training is
 * deterministic for a seed). The entry {@code <dir>/<key hex>.cid} holds the model's content id; the model zip
 * itself is a blob (uploaded to the exchange and kept in the blob cache), fetched and verified by that id.
 * Entries are written atomically; an entry whose model cannot be fetched or restored is forgotten and the
 * model trained again.
 */
final class OracleCache {
    private static final String VERSION = "trainex-oracle-v2"; // v2: trained on the reference minus its held-out tenth;
    private final Path dir;

    OracleCache(Path dir) {
        this.dir = dir;
    }

    /** Hex SHA-256 of the training inputs of the task. */
    static String key(ClassifyTask task) {
        DatasetRef ref = task.reference();
        String canonical = String.join("\u0000", VERSION, task.modelConfigJson(), ref.imagesCid(), ref.labelsCid(),
                Integer.toString(ref.sampleCount()), Integer.toString(ref.rows()), Integer.toString(ref.columns()),
                Integer.toString(ref.classes()), Integer.toString(task.epochs()), Integer.toString(task.batchSize()),
                Long.toString(task.seed()));
        return HexFormat.of().formatHex(ContentIds.sha256().digest(canonical.getBytes(StandardCharsets.UTF_8)));
    }

    /** The content id of the model trained before for these inputs, if any (malformed entries are ignored). */
    Optional<String> lookup(ClassifyTask task) throws IOException {
        Path entry = entry(task);
        if (!Files.isRegularFile(entry)) {
            return Optional.empty();
        }
        String cid = Files.readString(entry, StandardCharsets.US_ASCII).strip();
        return ContentIds.isValid(cid) ? Optional.of(cid) : Optional.empty();
    }

    void remember(ClassifyTask task, String modelCid) throws IOException {
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "oracle-", ".part");
        Files.writeString(tmp, ContentIds.requireValid(modelCid) + "\n", StandardCharsets.US_ASCII);
        try {
            Files.move(tmp, entry(task), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, entry(task), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    void forget(ClassifyTask task) throws IOException {
        Files.deleteIfExists(entry(task));
    }

    private Path entry(ClassifyTask task) {
        return dir.resolve(key(task) + ".cid");
    }
}
