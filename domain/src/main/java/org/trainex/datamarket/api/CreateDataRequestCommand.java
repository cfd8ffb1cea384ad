package org.trainex.datamarket.api;

import java.time.Instant;
import java.util.List;

/**
 * An initiator's data request (DataBright, seed 000, Section 2: the initiator states what data is wanted and how it
 * is curated). Null optional fields take the defaults below.
 *
 * <p>Bounds (issue 11 item 4; a value outside them is refused with 400 and nothing is stored): see the
 * parameters; they are enforced by {@code DataRequest}'s constructor.
 *
 * @param title               1..200 characters
 * @param description         up to 4,000 characters
 * @param imageRows           image height in pixels of the wanted IDX image data (1..4096)
 * @param imageColumns        image width in pixels (1..4096)
 * @param labels              the label set: distinct integers 0..255, at least two
 * @param targetSamples       samples wanted in total, 1..10^9
 * @param voteThreshold       fraction of the cast voting power that must say yes, (0, 1]; default 0.5
 * @param quorum              fraction of the total curator voting power that must vote, [0, 1]; default 0.1
 * @param votingPeriodSeconds how long each proposal's vote stays open, seconds, 1..7,776,000 (90 days); default
 *                            86,400
 * @param deadline            when the request stops taking proposals; in the future, at most 3,660 days ahead
 * @param referenceDatasetId  optional registered dataset the oracle learns from; without one the oracle abstains
 * @param oracleThreshold     agreement in [0, 1] below which the oracle votes no; default 0.5
 * @param oracleRelativeThreshold least agreement as a fraction of the oracle model's accuracy on held-out reference
 *                            samples, [0, 1]; below it the oracle votes no; default {@code
 *                            TRAINEX_ORACLE_RELATIVE_THRESHOLD} (0.89, see docs/oracle-calibration.md)
 * @param format      {@code IDX_IMAGES} (default: imageRows x imageColumns images) or {@code CSV} (then
 *                    {@code columns} name the header in order and {@code labelColumn} the label; imageRows and
 *                    imageColumns are not used)
 */
public record CreateDataRequestCommand(String title, String description, Integer imageRows, Integer imageColumns,
                                       List<Integer> labels, Integer targetSamples, Double voteThreshold,
                                       Double quorum, Long votingPeriodSeconds, Instant deadline,
                                       java.util.UUID referenceDatasetId, Double oracleThreshold, String format,
                                       List<String> columns, String labelColumn, Double oracleRelativeThreshold) {
}
