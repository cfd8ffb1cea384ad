package org.trainex.datamarket.api;

import java.time.Instant;
import java.util.List;

/**
 * An initiator's data request (DataBright, seed 000, Section 2: the initiator states what data is wanted and how it
 * is curated). Null optional fields take the defaults below.
 *
 * @param title               1..200 characters
 * @param description         up to 4,000 characters
 * @param imageRows           image height in pixels of the wanted IDX image data (1..4096)
 * @param imageColumns        image width in pixels (1..4096)
 * @param labels              the label set: distinct integers 0..255, at least two
 * @param targetSamples       samples wanted in total, at least 1
 * @param voteThreshold       fraction of the cast voting power that must say yes, (0, 1]; default 0.5
 * @param quorum              fraction of the total curator voting power that must vote, [0, 1]; default 0.1
 * @param votingPeriodSeconds how long each proposal's vote stays open, seconds; default 86,400
 * @param deadline            when the request stops taking proposals; must be in the future
 * @param referenceDatasetId  optional registered dataset the oracle learns from; without one the oracle abstains
 * @param oracleThreshold     agreement in [0, 1] below which the oracle votes no; default 0.5
 * @param format      {@code IDX_IMAGES} (default: imageRows x imageColumns images) or {@code CSV} (then
 *                    {@code columns} name the header in order and {@code labelColumn} the label; imageRows and
 *                    imageColumns are not used)
 */
public record CreateDataRequestCommand(String title, String description, Integer imageRows, Integer imageColumns,
                                       List<Integer> labels, Integer targetSamples, Double voteThreshold,
                                       Double quorum, Long votingPeriodSeconds, Instant deadline,
                                       java.util.UUID referenceDatasetId, Double oracleThreshold, String format,
                                       List<String> columns, String labelColumn) {
}
