package org.trainex.computemarket.domain.federated;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ChunkPlanTest {
    static final UUID A = new UUID(0, 1);
    static final UUID B = new UUID(0, 2);
    static final UUID C = new UUID(0, 3);

    @Test
    void shardsCrossingADatasetBoundaryBecomeOneChunkPerDataset() {
        // 30 samples over runners 2:1 -> shards [0,20) and [20,30); datasets of 10, 15, 5
        List<ChunkPlan.Chunk> chunks = ChunkPlan.plan(List.of(new ChunkPlan.DatasetPart(A, 10),
                        new ChunkPlan.DatasetPart(B, 15), new ChunkPlan.DatasetPart(C, 5)),
                List.of(new ShardPlan.RunnerCapacity("fast", 200), new ShardPlan.RunnerCapacity("slow", 100)));
        assertEquals(List.of(new ChunkPlan.Chunk(0, "fast", A, 0, 10), new ChunkPlan.Chunk(1, "fast", B, 0, 10),
                new ChunkPlan.Chunk(2, "slow", B, 10, 5), new ChunkPlan.Chunk(3, "slow", C, 0, 5)), chunks);
    }

    @Test
    void randomPlansCoverEveryDatasetExactlyOnceAndFollowCapacity() {
        Random rnd = new Random(7);
        for (int trial = 0; trial < 500; trial++) {
            List<ChunkPlan.DatasetPart> parts = new ArrayList<>();
            for (int i = 0, n = 1 + rnd.nextInt(6); i < n; i++) {
                parts.add(new ChunkPlan.DatasetPart(new UUID(1, i), 1 + rnd.nextInt(20_000)));
            }
            List<ShardPlan.RunnerCapacity> runners = new ArrayList<>();
            for (int i = 0, n = 1 + rnd.nextInt(5); i < n; i++) {
                runners.add(new ShardPlan.RunnerCapacity("r" + i, 1 + rnd.nextInt(50_000)));
            }
            List<ChunkPlan.Chunk> chunks = ChunkPlan.plan(parts, runners);
            for (ChunkPlan.DatasetPart p : parts) {
                List<ChunkPlan.Chunk> of = chunks.stream().filter(c -> c.datasetId().equals(p.datasetId())).toList();
                int next = 0;
                for (ChunkPlan.Chunk c : of) {
                    assertEquals(next, c.offset(), "contiguous, no gap or overlap");
                    next += c.count();
                }
                assertEquals(p.samples(), next, "the whole dataset is covered");
            }
            long total = parts.stream().mapToLong(ChunkPlan.DatasetPart::samples).sum();
            long cap = runners.stream().mapToLong(ShardPlan.RunnerCapacity::samplesPerSecond).sum();
            for (ShardPlan.RunnerCapacity r : runners) {
                long got = chunks.stream().filter(c -> c.runnerId().equals(r.runnerId()))
                        .mapToLong(ChunkPlan.Chunk::count).sum();
                assertEquals((double) total * r.samplesPerSecond() / cap, got, 1.0, "share by capacity");
            }
            for (int i = 0; i < chunks.size(); i++) {
                assertEquals(i, chunks.get(i).slot());
            }
        }
    }

    @Test
    void refusesEmptyInput() {
        assertThrows(IllegalArgumentException.class, () -> ChunkPlan.plan(List.of(),
                List.of(new ShardPlan.RunnerCapacity("r", 1))));
        assertThrows(IllegalArgumentException.class, () -> ChunkPlan.plan(List.of(new ChunkPlan.DatasetPart(A, 5)),
                List.of()));
        assertThrows(IllegalArgumentException.class, () -> new ChunkPlan.DatasetPart(A, 0));
    }
}
