package org.trainex.shared.api;

import org.trainex.jobs.protocol.ContentIds;

/**
 * The name of an immutable blob: CIDv1 (raw, sha2-256) of its bytes, e.g. {@code bafkrei...} (59 characters).
 * Source: DESIGN.md, "Content addressing".
 *
 * @param value the CID string
 * @throws InvalidInputException if {@code value} is not a CIDv1 raw/sha2-256 string
 */
public record ContentId(String value) {
    public ContentId {
        if (!ContentIds.isValid(value)) {
            throw new InvalidInputException("not a content id (CIDv1, raw, sha2-256): " + abbreviate(value));
        }
    }

    /** Parses a CID string. @throws InvalidInputException if malformed */
    public static ContentId of(String value) {
        return new ContentId(value);
    }

    /** Hex of the SHA-256 digest, used as the file name in the blob store. */
    public String sha256Hex() {
        return ContentIds.sha256Hex(value);
    }

    @Override
    public String toString() {
        return value;
    }

    private static String abbreviate(String s) {
        if (s == null) {
            return "null";
        }
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
