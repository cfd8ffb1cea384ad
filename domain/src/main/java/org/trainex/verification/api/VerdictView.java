package org.trainex.verification.api;

import java.time.Instant;
import java.util.UUID;

/**
 * The verdict on an ended job's work.
 *
 * @param tier    the order's verification tier ({@code none}, later {@code pol}, {@code redundant})
 * @param outcome {@code VERIFIED} (the work may be paid) or {@code PENDING} (a tier this exchange cannot check yet)
 * @param note    how it was decided, in words
 */
public record VerdictView(UUID jobId, UUID orderId, String tier, String outcome, String note, Instant decidedAt) {
}
