package org.trainex.runner.capacity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;

class CapacityProbeTest {

    @Test
    void measuresAPositiveFigureWithinBoundedTime() {
        long t0 = System.nanoTime();
        CapacityProbe.Capacity c = new CapacityProbe(new CapacityProbe.Settings(Duration.ofMillis(200),
                Duration.ofMillis(800), 1_000, 42)).measure();
        double wall = (System.nanoTime() - t0) / 1e9;
        assertTrue(c.samplesPerSecond() > 0 && Double.isFinite(c.samplesPerSecond()), c.describe());
        assertTrue(c.samples() >= CapacityProbe.BATCH_SIZE && c.samples() % CapacityProbe.BATCH_SIZE == 0);
        assertEquals(c.samples() / c.seconds(), c.samplesPerSecond(), 1e-6);
        assertTrue(c.seconds() >= 0.8 || c.samples() == 1_000L * CapacityProbe.BATCH_SIZE, c.describe());
        assertEquals("mlp-784-256-10, batch 128, synthetic data", c.measuredOn());
        assertTrue(!c.declared());
        assertTrue(wall < 15, "bounded: " + wall + " s");
        System.out.printf("CapacityProbeTest: %s; wall %.2f s%n", c.describe(), wall);
    }

    @Test
    void theDefaultSettingsMeasureAbout2Point5Seconds() {
        long t0 = System.nanoTime();
        CapacityProbe.Capacity c = new CapacityProbe(CapacityProbe.Settings.DEFAULT).measure();
        double wall = (System.nanoTime() - t0) / 1e9;
        assertTrue(c.samplesPerSecond() > 0, c.describe());
        assertTrue(c.seconds() <= 2 + 1, c.describe());
        assertTrue(wall < 10, "bounded: " + wall + " s");
        System.out.printf("CapacityProbeTest default settings: %s; wall %.2f s%n", c.describe(), wall);
    }

    @Test
    void theBatchLimitEndsTheMeasurementFirst() {
        long t0 = System.nanoTime();
        CapacityProbe.Capacity c = new CapacityProbe(new CapacityProbe.Settings(Duration.ZERO, Duration.ofMinutes(5),
                3, 7)).measure();
        assertEquals(3L * CapacityProbe.BATCH_SIZE, c.samples());
        assertTrue((System.nanoTime() - t0) / 1e9 < 30, "not the 5 minutes");
        assertTrue(c.samplesPerSecond() > 0);
    }

    @Test
    void declaredCapacityIsUsedAsIs() {
        CapacityProbe.Capacity c = CapacityProbe.declared(1234.5);
        assertEquals(1234.5, c.samplesPerSecond());
        assertTrue(c.declared());
        assertEquals(0, c.samples());
        assertTrue(c.measuredOn().startsWith(CapacityProbe.MEASURED_ON), c.measuredOn());
        assertTrue(c.describe().contains("declared"), c.describe());
        assertThrows(IllegalArgumentException.class, () -> CapacityProbe.declared(0));
        assertThrows(IllegalArgumentException.class, () -> CapacityProbe.declared(Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> new CapacityProbe.Settings(Duration.ZERO, Duration.ZERO,
                0, 1));
    }

    @Test
    void syntheticDataIsSeededUnitIntervalOneHot() {
        DataSet[] a = CapacityProbe.syntheticBatches(42);
        DataSet[] b = CapacityProbe.syntheticBatches(42);
        assertEquals(CapacityProbe.POOL_BATCHES, a.length);
        for (int i = 0; i < a.length; i++) {
            assertEquals(a[i].getFeatures(), b[i].getFeatures());
            assertEquals(a[i].getLabels(), b[i].getLabels());
            assertEquals(CapacityProbe.BATCH_SIZE, a[i].numExamples());
            assertEquals(784, a[i].getFeatures().columns());
            assertTrue(a[i].getFeatures().minNumber().doubleValue() >= 0);
            assertTrue(a[i].getFeatures().maxNumber().doubleValue() < 1);
            assertEquals(10, a[i].getLabels().columns());
            assertEquals(CapacityProbe.BATCH_SIZE, a[i].getLabels().sumNumber().intValue(), "one 1 per row");
        }
    }

    @Test
    void hardwareDescription() {
        String h = CapacityProbe.hardware(1);
        assertTrue(h.startsWith("cpu x" + Runtime.getRuntime().availableProcessors()), h);
        assertTrue(h.contains("ND4J ") && h.endsWith(", 1 thread(s)"), h);
        assertTrue(h.length() <= 500);
    }
}
