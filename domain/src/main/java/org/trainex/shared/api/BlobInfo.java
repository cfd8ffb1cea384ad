package org.trainex.shared.api;

import java.time.Instant;

/**
 * Metadata of a stored blob.
 *
 * @param contentId  its name
 * @param sizeBytes  length in bytes
 * @param uploadedBy principal (preferred_username or OIDC client id) that first uploaded it
 * @param createdAt  when it was first stored
 */
public record BlobInfo(ContentId contentId, long sizeBytes, String uploadedBy, Instant createdAt) {
}
