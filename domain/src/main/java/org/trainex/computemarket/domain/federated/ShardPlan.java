package org.trainex.computemarket.domain.federated;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * Splits a training set into one contiguous shard per runner, sized by the runner's capacity (DKLabs, seed 002,
 * Section 7.2: the work is split "in chunks of different sizes" by the nodes' capacity; issue 5 item 4). Each
 * runner trains its local epochs of a FedAvg round on its shard (McMahan et al. 2017, Algorithm 1), so runners with
 * more capacity get more samples and a round's runners finish at about the same time.
 *
 * <p>Exact: shard sizes are {@code floor(samples x capacity_i / total capacity)} plus one sample for the runners
 * with the largest remainders (ties to the earlier runner), so they sum to {@code samples}; shards are laid out in
 * the runners' order. A runner whose share rounds to 0 samples gets no shard.
 */
public final class ShardPlan {
    /** A runner and its capacity in samples/s. */
    public record RunnerCapacity(String runnerId, long samplesPerSecond) {
        public RunnerCapacity {
            Objects.requireNonNull(runnerId, "runnerId");
            if (samplesPerSecond <= 0) {
                throw new IllegalArgumentException("capacity of runner " + runnerId + " must be positive");
            }
        }
    }

    /** Samples {@code [offset, offset + count)} of the training set, for {@code runnerId}. */
    public record Shard(String runnerId, int offset, int count) {
    }

    private ShardPlan() {
    }

    /**
     * @param samples the training set's size, &gt; 0
     * @param runners distinct runners, at least one
     * @return shards in runner order, covering {@code [0, samples)} without gaps or overlaps
     * @throws IllegalArgumentException if samples is not positive, no runner is given, or a runner repeats
     */
    public static List<Shard> split(int samples, List<RunnerCapacity> runners) {
        if (samples <= 0) {
            throw new IllegalArgumentException("samples must be positive");
        }
        if (runners == null || runners.isEmpty()) {
            throw new IllegalArgumentException("at least one runner is needed");
        }
        if (runners.stream().map(RunnerCapacity::runnerId).distinct().count() != runners.size()) {
            throw new IllegalArgumentException("a runner appears twice");
        }
        long total = runners.stream().mapToLong(RunnerCapacity::samplesPerSecond).sum();
        long[] counts = new long[runners.size()];
        long[] remainders = new long[runners.size()];
        long given = 0;
        for (int i = 0; i < counts.length; i++) {
            long product = Math.multiplyExact((long) samples, runners.get(i).samplesPerSecond());
            counts[i] = product / total;
            remainders[i] = product % total;
            given += counts[i];
        }
        List<Integer> order = IntStream.range(0, counts.length).boxed()
                .sorted(Comparator.comparingLong((Integer i) -> remainders[i]).reversed()
                        .thenComparing(Comparator.naturalOrder())).toList();
        for (int k = 0; k < samples - given; k++) {
            counts[order.get(k)]++;
        }
        List<Shard> shards = new ArrayList<>();
        int offset = 0;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] > 0) {
                shards.add(new Shard(runners.get(i).runnerId(), offset, (int) counts[i]));
                offset += (int) counts[i];
            }
        }
        return shards;
    }
}
