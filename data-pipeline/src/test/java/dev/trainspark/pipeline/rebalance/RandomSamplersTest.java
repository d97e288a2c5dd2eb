package dev.trainspark.pipeline.rebalance;

import dev.trainspark.pipeline.testing.WithLocalSpark;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@WithLocalSpark
class RandomSamplersTest {
    private static final Map<String, Integer> SIZES = Map.of("a", 3, "b", 7, "c", 10);
    private static final Map<String, Long> COUNTS = TrainRows.counts(SIZES);
    private static SparkSession spark;

    @BeforeAll
    static void start(SparkSession session) {
        spark = session;
    }

    private static Map<String, Long> perClass(List<Row> rows) {
        Map<String, Long> out = new TreeMap<>();
        rows.forEach(r -> out.merge(r.getAs(RebalanceColumns.LABEL), 1L, Long::sum));
        return out;
    }

    private static void assertParentsAreRowsOfTheirClass(List<Row> rows) {
        Set<String> ids = new HashSet<>();
        for (Row r : rows) {
            assertTrue(ids.add(r.getAs(RebalanceColumns.ID)), "ids are unique: " + r);
            String parent = r.getAs(RebalanceColumns.PARENT_A);
            String label = r.getAs(RebalanceColumns.LABEL);
            assertTrue(parent.startsWith(label + "-")
                    && Integer.parseInt(parent.substring(label.length() + 1)) < SIZES.get(label), "parent of its class: " + r);
            if (RebalanceColumns.ORIGINAL.equals(r.getAs(RebalanceColumns.KIND))) {
                assertEquals(parent, r.getAs(RebalanceColumns.ID));
            }
        }
    }

    @Test
    void overSamplingAddsExactlyTheTargetsAsDuplicates() {
        Map<String, Long> toAdd = SamplingStrategy.parse("auto").resolve(COUNTS, SamplerType.OVER_SAMPLING);
        assertEquals(Map.of("a", 7L, "b", 3L), toAdd);
        Dataset<Row> out = RandomOverSampler.copies(COUNTS, toAdd, 11).resample(TrainRows.rows(spark, SIZES, 2));
        assertEquals(RebalanceColumns.SCHEMA.fieldNames().length, out.schema().fieldNames().length);
        List<Row> rows = out.collectAsList();
        assertEquals(Map.of("a", 10L, "b", 10L, "c", 10L), perClass(rows));
        assertEquals(20, rows.stream().filter(r -> RebalanceColumns.ORIGINAL.equals(r.getAs(RebalanceColumns.KIND))).count());
        assertParentsAreRowsOfTheirClass(rows);
        rows.stream().filter(r -> RebalanceColumns.DUPLICATE.equals(r.getAs(RebalanceColumns.KIND))).forEach(r -> {
            assertTrue(((String) r.getAs(RebalanceColumns.ID)).startsWith(r.getAs(RebalanceColumns.PARENT_A) + "#d"));
            assertNull(r.getAs(RebalanceColumns.NOISE_SEED));
            assertNull(r.getAs(RebalanceColumns.NOISE_SCALE));
        });
    }

    @Test
    void overSamplingIsSeededAndPartitionIndependent() {
        Map<String, Long> toAdd = Map.of("a", 7L, "b", 3L);
        List<String> one = TrainRows.sorted(RandomOverSampler.copies(COUNTS, toAdd, 11).resample(TrainRows.rows(spark, SIZES, 1)));
        List<String> three = TrainRows.sorted(RandomOverSampler.copies(COUNTS, toAdd, 11).resample(TrainRows.rows(spark, SIZES, 3)));
        List<String> otherSeed = TrainRows.sorted(RandomOverSampler.copies(COUNTS, toAdd, 12).resample(TrainRows.rows(spark, SIZES, 3)));
        assertEquals(one, three);
        assertNotEquals(one, otherSeed);
    }

    @Test
    void overSamplingDrawsParentsUniformly() {
        // 4000 draws from 4 rows: each count ~ Binomial(4000, 1/4), sd 27.4; 5 sd either side.
        Map<String, Integer> sizes = Map.of("a", 4, "b", 5);
        Dataset<Row> out = RandomOverSampler.copies(TrainRows.counts(sizes), Map.of("a", 4000L), 3)
                .resample(TrainRows.rows(spark, sizes, 2));
        Map<String, Integer> times = new HashMap<>();
        out.filter(out.col(RebalanceColumns.KIND).equalTo(RebalanceColumns.DUPLICATE)).collectAsList()
                .forEach(r -> times.merge(r.getAs(RebalanceColumns.PARENT_A), 1, Integer::sum));
        assertEquals(Set.of("a-0", "a-1", "a-2", "a-3"), times.keySet());
        times.values().forEach(n -> assertTrue(Math.abs(n - 1000) < 137, "draws per parent: " + times));
    }

    @Test
    void smoothedBootstrapCarriesSeedsAndScale() {
        int pixels = 784;
        Map<String, Long> toAdd = Map.of("a", 7L, "b", 3L);
        List<Row> rows = RandomOverSampler.smoothed(COUNTS, toAdd, 11, 0.5, pixels)
                .resample(TrainRows.rows(spark, SIZES, 2)).collectAsList();
        // (4 / ((784 + 2) * 20)) ^ (1 / (784 + 4)), 20 being the rows of the whole training set.
        double expectedScale = 0.5 * 0.9895519253491063;
        Set<Long> seeds = new HashSet<>();
        rows.forEach(r -> {
            if (RebalanceColumns.DUPLICATE.equals(r.getAs(RebalanceColumns.KIND))) {
                assertEquals(expectedScale, (Double) r.getAs(RebalanceColumns.NOISE_SCALE), 1e-12);
                seeds.add(r.getAs(RebalanceColumns.NOISE_SEED));
            } else {
                assertNull(r.getAs(RebalanceColumns.NOISE_SEED));
            }
        });
        assertEquals(10, seeds.size(), "every duplicate has its own noise seed");
    }

    @Test
    void underSamplingWithoutReplacementKeepsTheTargetsOfDistinctRows() {
        Map<String, Long> toKeep = SamplingStrategy.parse("auto").resolve(COUNTS, SamplerType.UNDER_SAMPLING);
        assertEquals(Map.of("b", 3L, "c", 3L), toKeep);
        List<Row> rows = new RandomUnderSampler(COUNTS, toKeep, false, 5).resample(TrainRows.rows(spark, SIZES, 2)).collectAsList();
        assertEquals(Map.of("a", 3L, "b", 3L, "c", 3L), perClass(rows));
        rows.forEach(r -> assertEquals(RebalanceColumns.ORIGINAL, r.getAs(RebalanceColumns.KIND)));
        assertParentsAreRowsOfTheirClass(rows);
        assertEquals(TrainRows.sorted(new RandomUnderSampler(COUNTS, toKeep, false, 5).resample(TrainRows.rows(spark, SIZES, 1))),
                TrainRows.sorted(new RandomUnderSampler(COUNTS, toKeep, false, 5).resample(TrainRows.rows(spark, SIZES, 3))));
    }

    @Test
    void underSamplingWithReplacementRepeatsRowsAsDuplicates() {
        // 10 draws from 10 rows: a repeat is all but certain (1 - 10!/10^10).
        Map<String, Long> toKeep = Map.of("c", 10L, "b", 4L);
        List<Row> rows = new RandomUnderSampler(COUNTS, toKeep, true, 5).resample(TrainRows.rows(spark, SIZES, 2)).collectAsList();
        assertEquals(Map.of("a", 3L, "b", 4L, "c", 10L), perClass(rows));
        assertParentsAreRowsOfTheirClass(rows);
        Set<String> parentsOfC = new HashSet<>();
        rows.stream().filter(r -> "c".equals(r.getAs(RebalanceColumns.LABEL)))
                .forEach(r -> parentsOfC.add(r.getAs(RebalanceColumns.PARENT_A)));
        long duplicatesOfC = rows.stream().filter(r -> "c".equals(r.getAs(RebalanceColumns.LABEL))
                && RebalanceColumns.DUPLICATE.equals(r.getAs(RebalanceColumns.KIND))).count();
        assertTrue(duplicatesOfC > 0);
        assertEquals(10, parentsOfC.size() + duplicatesOfC, "one original per distinct parent, the rest duplicates");
        assertEquals(TrainRows.sorted(new RandomUnderSampler(COUNTS, toKeep, true, 5).resample(TrainRows.rows(spark, SIZES, 1))),
                TrainRows.sorted(new RandomUnderSampler(COUNTS, toKeep, true, 5).resample(TrainRows.rows(spark, SIZES, 3))));
    }

    @Test
    void easyEnsembleSubsetsAreBalancedAndDifferent() {
        Map<String, Long> toKeep = SamplingStrategy.parse("auto").resolve(COUNTS, SamplerType.UNDER_SAMPLING);
        EasyEnsemble ensemble = new EasyEnsemble(COUNTS, toKeep, false, 4, 21);
        List<Dataset<Row>> subsets = ensemble.subsets(TrainRows.rows(spark, SIZES, 2));
        assertEquals(4, subsets.size());
        Set<List<String>> distinct = new HashSet<>();
        for (Dataset<Row> subset : subsets) {
            List<Row> rows = subset.collectAsList();
            assertEquals(Map.of("a", 3L, "b", 3L, "c", 3L), perClass(rows));
            assertParentsAreRowsOfTheirClass(rows);
            distinct.add(TrainRows.sorted(subset));
        }
        assertEquals(4, distinct.size(), "every subset is a different draw");
        List<Dataset<Row>> again = new EasyEnsemble(COUNTS, toKeep, false, 4, 21).subsets(TrainRows.rows(spark, SIZES, 3));
        for (int i = 0; i < 4; i++) {
            assertEquals(TrainRows.sorted(subsets.get(i)), TrainRows.sorted(again.get(i)));
        }
    }
}
