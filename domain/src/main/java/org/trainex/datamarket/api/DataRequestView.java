package org.trainex.datamarket.api;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A data request as clients see it.
 *
 * @param id                  request id (also its registry id)
 * @param initiator           who posted it
 * @param title               title
 * @param description         description
 * @param imageRows           wanted image height, pixels
 * @param imageColumns        wanted image width, pixels
 * @param labels              the label set
 * @param targetSamples       samples wanted
 * @param voteThreshold       yes fraction of cast voting power needed
 * @param quorum              fraction of total voting power that must vote
 * @param votingPeriodSeconds vote duration per proposal, seconds
 * @param deadline            end of submissions
 * @param state               OPEN or CLOSED
 * @param proposals           proposals submitted so far
 * @param createdAt           when posted
 * @param referenceDatasetId  the oracle's reference dataset, or null
 * @param oracleThreshold     agreement below which the oracle votes no
 * @param format             IDX_IMAGES or CSV
 * @param columns            CSV columns in order (empty for IDX)
 * @param labelColumn        the CSV label column (null for IDX)
 * @param oracleRelativeThreshold least oracle agreement as a fraction of the oracle model's accuracy on held-out
 *                           reference samples, [0, 1] (0: only the absolute threshold applies)
 * @param closedAt           when it was closed, or null
 * @param closedBy           who closed it (its initiator or an admin), or null
 */
public record DataRequestView(UUID id, String initiator, String title, String description, int imageRows,
                              int imageColumns, List<Integer> labels, int targetSamples, double voteThreshold,
                              double quorum, long votingPeriodSeconds, Instant deadline, String state, long proposals,
                              Instant createdAt, UUID referenceDatasetId, double oracleThreshold, String format,
                              List<String> columns, String labelColumn,
                              double oracleRelativeThreshold, Instant closedAt, String closedBy) {
}
