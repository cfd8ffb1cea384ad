package org.trainex.computemarket.domain.federated;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.trainex.computemarket.domain.federated.ShardPlan.RunnerCapacity;
import org.trainex.computemarket.domain.federated.ShardPlan.Shard;

class ShardPlanTest {
    @Test
    void shardsFollowCapacity() {
        List<Shard> s = ShardPlan.split(50_000, List.of(new RunnerCapacity("a", 10_000),
                new RunnerCapacity("b", 20_000), new RunnerCapacity("c", 20_000)));
        assertEquals(List.of(new Shard("a", 0, 10_000), new Shard("b", 10_000, 20_000), new Shard("c", 30_000, 20_000)),
                s);
    }

    @Test
    void remaindersGoToTheLargestFractionsAndTheShardsTileTheSet() {
        // 10 samples over 1:1:1 -> 3.33 each: the extra sample to the first runner (tie, earlier wins)
        assertEquals(List.of(new Shard("a", 0, 4), new Shard("b", 4, 3), new Shard("c", 7, 3)),
                ShardPlan.split(10, List.of(new RunnerCapacity("a", 5), new RunnerCapacity("b", 5),
                        new RunnerCapacity("c", 5))));
        Random random = new Random(11);
        for (int round = 0; round < 1_000; round++) {
            int samples = 1 + random.nextInt(70_000);
            List<RunnerCapacity> runners = new ArrayList<>();
            for (int i = 0; i < 1 + random.nextInt(8); i++) {
                runners.add(new RunnerCapacity("r" + i, 1 + random.nextInt(30_000)));
            }
            int next = 0;
            for (Shard shard : ShardPlan.split(samples, runners)) {
                assertEquals(next, shard.offset());
                next += shard.count();
            }
            assertEquals(samples, next);
        }
    }

    @Test
    void aRunnerWhoseShareRoundsToNothingGetsNoShard() {
        assertEquals(List.of(new Shard("big", 0, 2)), ShardPlan.split(2, List.of(
                new RunnerCapacity("big", 1_000_000), new RunnerCapacity("tiny", 1))));
    }

    @Test
    void refusesBadInput() {
        assertThrows(IllegalArgumentException.class, () -> ShardPlan.split(0, List.of(new RunnerCapacity("a", 1))));
        assertThrows(IllegalArgumentException.class, () -> ShardPlan.split(5, List.of()));
        assertThrows(IllegalArgumentException.class, () -> ShardPlan.split(5, List.of(new RunnerCapacity("a", 1),
                new RunnerCapacity("a", 2))));
        assertThrows(IllegalArgumentException.class, () -> new RunnerCapacity("a", 0));
    }
}
