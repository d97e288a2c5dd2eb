package dev.trainspark.pipeline.rebalance;

import dev.trainspark.pipeline.testing.WithLocalSpark;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@WithLocalSpark
class ClusterCentroidsTest {
    private static SparkSession spark;

    @BeforeAll
    static void start(SparkSession session) {
        spark = session;
    }

    /** 30 "big" rows in three tight blobs, 3 "small" rows. */
    private static Dataset<Row> blobs(int partitions) {
        Random random = new Random(4);
        float[][] centers = {{0, 0}, {10, 0}, {0, 10}};
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            float[] c = centers[i % 3];
            rows.add(RowFactory.create("big-" + i, "big",
                    new float[]{c[0] + (float) random.nextGaussian() * 0.3f, c[1] + (float) random.nextGaussian() * 0.3f}));
        }
        for (int i = 0; i < 3; i++) {
            rows.add(RowFactory.create("small-" + i, "small", new float[]{5, 5 + i}));
        }
        return spark.createDataFrame(rows, TrainRows.SCHEMA).repartition(partitions);
    }

    @Test
    void keepsExactlyKRealRowsOfTheUnderSampledClass() {
        Map<String, Long> counts = Map.of("big", 30L, "small", 3L);
        Map<String, Long> toKeep = SamplingStrategy.parse("auto").resolve(counts, SamplerType.UNDER_SAMPLING);
        assertEquals(Map.of("big", 3L), toKeep);
        List<Row> rows = new ClusterCentroids(counts, toKeep, 9).resample(blobs(2)).collectAsList();
        Map<String, Set<String>> ids = new TreeMap<>();
        rows.forEach(r -> ids.computeIfAbsent(r.getAs(RebalanceColumns.LABEL), k -> new HashSet<>())
                .add(r.getAs(RebalanceColumns.ID)));
        assertEquals(6, rows.size());
        assertEquals(Set.of("small-0", "small-1", "small-2"), ids.get("small"));
        assertEquals(3, ids.get("big").size());
        for (String id : ids.get("big")) {
            int i = Integer.parseInt(id.substring("big-".length()));
            assertTrue(id.startsWith("big-") && i >= 0 && i < 30, id);
        }
        rows.forEach(r -> {
            assertEquals(RebalanceColumns.ORIGINAL, (String) r.getAs(RebalanceColumns.KIND));
            assertEquals((String) r.getAs(RebalanceColumns.ID), (String) r.getAs(RebalanceColumns.PARENT_A));
        });
    }

    @Test
    void moreClustersThanBlobsStillGiveDistinctRows() {
        // Ten centroids on three blobs: several centroids share a nearest row, and each must get its own.
        Map<String, Long> counts = Map.of("big", 30L, "small", 3L);
        List<Row> rows = new ClusterCentroids(counts, Map.of("big", 10L), 9, 5).resample(blobs(2)).collectAsList();
        Set<String> big = new HashSet<>();
        rows.stream().filter(r -> "big".equals(r.getAs(RebalanceColumns.LABEL))).forEach(r -> big.add(r.getAs(RebalanceColumns.ID)));
        assertEquals(10, big.size());
        assertEquals(13, rows.size());
    }

    @Test
    void partitionIndependent() {
        Map<String, Long> counts = Map.of("big", 30L, "small", 3L);
        Map<String, Long> toKeep = Map.of("big", 5L);
        assertEquals(TrainRows.sorted(new ClusterCentroids(counts, toKeep, 9, 8).resample(blobs(1))),
                TrainRows.sorted(new ClusterCentroids(counts, toKeep, 9, 8).resample(blobs(3))));
    }

    @Test
    void nearestPairsAreTakenFirstAndEachRowOnce() {
        List<ClusterCentroids.Candidate> candidates = List.of(
                new ClusterCentroids.Candidate(0, 1.0, "r1"),
                new ClusterCentroids.Candidate(0, 3.0, "r2"),
                new ClusterCentroids.Candidate(1, 2.0, "r1"),
                new ClusterCentroids.Candidate(1, 5.0, "r3"),
                new ClusterCentroids.Candidate(2, 0.5, "r4"));
        Map<Integer, String> assigned = new TreeMap<>();
        Set<String> taken = new HashSet<>();
        ClusterCentroids.assignGreedily(candidates, assigned, taken);
        assertEquals(Map.of(0, "r1", 1, "r3", 2, "r4"), assigned);
        assertEquals(Set.of("r1", "r3", "r4"), taken);
    }
}
