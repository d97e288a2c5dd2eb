package dev.trainspark.bench;

import dev.trainspark.workers.fit.RoundTimes;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RoundProjectionTest {

    @Test
    void treeLevelsAreSparksTreeAggregateShape() {
        // Depth 1: the driver merges all 8.
        assertEquals(8.0, RoundProjection.treeSeconds(8, 1, 1, 100), 1e-9);
        // Depth 2 over 8: scale 3, one shuffle level down to 2 partitions of 4 results, then 2 at the driver.
        assertEquals(100 + 4 + 2, RoundProjection.treeSeconds(8, 2, 1, 100), 1e-9);
        // Depth 2 over 32: scale 6, one level down to 5 partitions (7 results each at most), then 5.
        assertEquals(100 + 7 + 5, RoundProjection.treeSeconds(32, 2, 1, 100), 1e-9);
        // Two partitions never form a level.
        assertEquals(2.0, RoundProjection.treeSeconds(2, 2, 1, 100), 1e-9);
    }

    @Test
    void projectionKeepsTheMeasuredPartsAndGrowsOnlyByAggregation() {
        RoundTimes measured = new RoundTimes(0.01, 0.02, 0.005, 0.1, 0.005, 0.04, 0.01, 0.19);
        List<RoundProjection.Row> rows = RoundProjection.project(measured, 0.25, 2, 0, 8);
        assertEquals(3, rows.size());
        RoundProjection.Row eight = rows.get(0);
        assertEquals(8, eight.workers());
        // No bytes: the round is the measured one less its aggregation plus the tree over 8 (both at
        // depth 2 here: one shuffle stage launched in 20 ms, merging 4, then 2 at the driver, 20 ms each).
        assertEquals(0.19 - 0.04 + 0.02 + 4 * 0.02 + 2 * 0.02, eight.oursSeconds(), 1e-9);
        assertEquals(0.25 - 0.04 + 0.02 + 4 * 0.02 + 2 * 0.02, eight.dl4jSeconds(), 1e-9);
        // At 128 workers this trainer's tree is deeper than DL4J's fixed depth 2, with fewer merges on the way.
        assertTrue(rows.get(2).oursSeconds() - 0.15 < rows.get(2).dl4jSeconds() - 0.21, rows.get(2).toString());
        assertEquals(8 * 8 / eight.oursSeconds(), eight.oursImagesPerSecond(), 1e-9);
        assertTrue(rows.get(2).oursSeconds() > rows.get(1).oursSeconds());
        assertTrue(Double.isNaN(eight.allreduceSeconds()));
    }

    @Test
    void ringRoundsGrowOnlyByTheirStepsNotByTheStateTheDriverWouldMove() {
        RoundTimes tree = new RoundTimes(0.01, 0.02, 0.005, 0.1, 0.005, 0.04, 0.01, 0.19);
        // Two workers measured: 10 ms of aggregation are the ring's two steps, 5 ms each.
        RoundTimes ring = new RoundTimes(0, 0, 0, 0.1, 0.002, 0.01, 0.002, 0.114);
        long bytes = 1_250_000_000L / 100; // 10 ms over the 10 Gbit/s link
        List<RoundProjection.Row> rows = RoundProjection.project(tree, 0.25, 2, bytes, 8, ring);
        RoundProjection.Row eight = rows.get(0);
        // 14 steps, each a quarter of the measured step's 5 ms (1/8 of the state, not 1/2), the latency, 1/8 of 10 ms.
        assertEquals(0.114 - 0.01 + 14 * (0.005 / 4 + 50e-6 + 0.01 / 8), eight.allreduceSeconds(), 1e-9);
        assertEquals(8 * 8 / eight.allreduceSeconds(), eight.allreduceImagesPerSecond(), 1e-9);
        // The bytes per worker stay under twice the state whatever the count: 128 workers add latency, not transfer.
        RoundProjection.Row many = rows.get(2);
        assertEquals(0.114 - 0.01 + 254 * (0.005 / 64 + 50e-6 + 0.01 / 128), many.allreduceSeconds(), 1e-9);
        assertTrue(many.allreduceImagesPerSecond() > many.dl4jImagesPerSecond(), many.toString());
    }
}
