package org.trainex.computemarket.domain.federated;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Cuts a round's training data into chunks for the matched runners (DKLabs, seed 002, Section 7.2: the work is
 * split "in chunks of different sizes" by the nodes' capacity; issue 5 item 4). The training data is the
 * concatenation of the order's datasets in order; {@link ShardPlan} gives each runner a contiguous shard sized by
 * its capacity, and a shard that crosses a dataset boundary becomes one chunk per dataset. Every chunk is a FedAvg
 * client: it trains the round's local epochs from the global model on its slice, and the aggregation weights it by
 * its samples (McMahan et al. 2017, Algorithm 1), so the plan is FedAvg over chunks, not over runners.
 *
 * <p>Deterministic: the same datasets and runners (in the same order) give the same chunks.
 */
public final class ChunkPlan {
    /** A training dataset: id and samples. */
    public record DatasetPart(java.util.UUID datasetId, int samples) {
        public DatasetPart {
            Objects.requireNonNull(datasetId, "datasetId");
            if (samples <= 0) {
                throw new IllegalArgumentException("dataset " + datasetId + " has no samples");
            }
        }
    }

    /**
     * One chunk: samples {@code [offset, offset + count)} of dataset {@code datasetId}, for {@code runnerId}.
     *
     * @param slot position in the plan, 0-based
     */
    public record Chunk(int slot, String runnerId, java.util.UUID datasetId, int offset, int count) {
    }

    private ChunkPlan() {
    }

    /**
     * @param datasets the training datasets, at least one, in order
     * @param runners  the matched runners and their capacities (samples/s), at least one, distinct
     * @return chunks in order; their counts sum to the datasets' samples; slots 0..n-1
     * @throws IllegalArgumentException if an argument is empty or the total exceeds {@link Integer#MAX_VALUE}
     */
    public static List<Chunk> plan(List<DatasetPart> datasets, List<ShardPlan.RunnerCapacity> runners) {
        if (datasets == null || datasets.isEmpty()) {
            throw new IllegalArgumentException("at least one training dataset is needed");
        }
        long total = datasets.stream().mapToLong(DatasetPart::samples).sum();
        if (total > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("more than " + Integer.MAX_VALUE + " training samples");
        }
        List<ShardPlan.Shard> shards = ShardPlan.split((int) total, runners);
        List<Chunk> chunks = new ArrayList<>();
        int d = 0;          // current dataset
        int dStart = 0;     // global index of its first sample
        for (ShardPlan.Shard s : shards) {
            int pos = s.offset();
            int end = s.offset() + s.count();
            while (pos < end) {
                while (pos >= dStart + datasets.get(d).samples()) {
                    dStart += datasets.get(d).samples();
                    d++;
                }
                int take = Math.min(end, dStart + datasets.get(d).samples()) - pos;
                chunks.add(new Chunk(chunks.size(), s.runnerId(), datasets.get(d).datasetId(), pos - dStart, take));
                pos += take;
            }
        }
        return chunks;
    }
}
