package dev.trainspark.pipeline.rebalance;

import dev.trainspark.pipeline.BadParameterException;
import dev.trainspark.pipeline.rebalance.Points.Point;
import dev.trainspark.pipeline.testing.WithLocalSpark;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@WithLocalSpark
class SmoteTest {
    private static SparkSession spark;
    private static List<Point> points;

    @BeforeAll
    static void start(SparkSession session) {
        spark = session;
        Map<String, Integer> perClass = new LinkedHashMap<>();
        perClass.put("a", 30);
        perClass.put("b", 12);
        perClass.put("c", 8);
        points = Points.grid(perClass, 3, 21);
    }

    private static final Map<String, Long> TO_GENERATE = Map.of("a", 0L, "b", 25L, "c", 10L);

    private static List<Row> run(int partitions, long seed) {
        Smote smote = new Smote(TO_GENERATE, 3, seed, new KnnSettings(1000, 3, null, 5));
        return smote.resample(Points.frame(spark, points).repartition(partitions)).orderBy(col("id")).collectAsList();
    }

    @Test
    void drawsOverTheListsEqualTheDrawsOverThePoolWhenTheListsAreThePool() {
        Map<String, Long> targets = Map.of("b", 25L, "c", 10L);
        Map<String, Long> sizes = Map.of("b", 12L, "c", 8L);
        Dataset<Row> pool = Points.frame(spark, points).filter(col("label").isin("b", "c"));
        Dataset<Row> lists = new NearestNeighbours(new KnnSettings(1000, 3, null, 5), 9)
                .withinClass(pool, 3, sizes).rows();
        List<Row> overPool = SyntheticDraws.interpolate("smote", targets, sizes, pool.select(col("id"), col("label")), lists, 3, 9)
                .orderBy(col("id")).collectAsList();
        List<Row> overLists = SyntheticDraws.interpolateOverLists("smote", targets, sizes, lists, 3, 9)
                .orderBy(col("id")).collectAsList();
        assertEquals(35, overPool.size());
        assertEquals(overPool, overLists);
    }

    @Test
    void leavesNothingCachedOnceItsResultIsWritten() {
        spark.catalog().clearCache();
        assertEquals(25 + 10 + points.size(), run(3, 7).size());
        assertTrue(spark.sharedState().cacheManager().isEmpty(), "the packed rows of the search are released");
    }

    @Test
    void synthesisesTheRequestedRowsFromClassMatesAndTheirNeighbours() {
        List<Row> rows = run(2, 42);
        Map<String, String> labelOf = points.stream().collect(Collectors.toMap(Point::id, Point::label));
        Map<String, List<String>> neighbours = Points.bruteForce(points, points, 3, true);

        Map<String, Long> originals = new HashMap<>();
        Map<String, Long> synthetic = new HashMap<>();
        Set<String> ids = new HashSet<>();
        Set<String> bases = new HashSet<>();
        for (Row r : rows) {
            String label = r.getAs("label");
            assertTrue(ids.add(r.getAs("id")), "ids are unique");
            if (r.getAs("kind").equals(RebalanceColumns.ORIGINAL)) {
                originals.merge(label, 1L, Long::sum);
                assertEquals(r.<String>getAs("id"), r.getAs("parent_a"));
                assertNull(r.getAs("parent_b"));
                continue;
            }
            assertEquals(RebalanceColumns.SYNTHETIC, r.getAs("kind"));
            synthetic.merge(label, 1L, Long::sum);
            String a = r.getAs("parent_a");
            String b = r.getAs("parent_b");
            assertEquals(label, labelOf.get(a));
            assertEquals(label, labelOf.get(b));
            assertTrue(neighbours.get(a).contains(b), b + " is one of the 3 neighbours of " + a);
            double lambda = r.getAs("lambda");
            assertTrue(lambda >= 0 && lambda < 1);
            bases.add(a);
        }
        assertEquals(Map.of("a", 30L, "b", 12L, "c", 8L), originals);
        assertEquals(Map.of("b", 25L, "c", 10L), synthetic);
        // 35 draws over 20 candidate rows: the base is not stuck on one row
        assertTrue(bases.size() > 8, "bases drawn: " + bases.size());
        assertEquals(RebalanceColumns.SCHEMA.fieldNames().length, rows.get(0).schema().fieldNames().length);
    }

    @Test
    void sameRowsWhateverThePartitioningAndRunButNotTheSeed() {
        List<Row> one = run(1, 42);
        assertEquals(one, run(3, 42));
        assertEquals(one, run(1, 42));
        assertNotEquals(one, run(1, 43));
    }

    @Test
    void kNeighborsMustBeSmallerThanEachOversampledClass() {
        Smote smote = new Smote(TO_GENERATE, 8, 1, RebalanceSpec.defaults().knnSettings());
        BadParameterException e = assertThrows(BadParameterException.class,
                () -> smote.resample(Points.frame(spark, points)));
        assertTrue(e.getMessage().contains("rebalance.k_neighbors is 8"), e.getMessage());
        assertTrue(e.getMessage().contains("'c' of 8 training rows"), e.getMessage());
        assertTrue(e.getMessage().contains("1 to 7"), e.getMessage());
        // class a has 30 rows but gets nothing, so k = 8 is fine when only b is oversampled
        new Smote(Map.of("b", 3L), 8, 1, RebalanceSpec.defaults().knnSettings()).resample(Points.frame(spark, points)).count();
    }
}
