package dev.trainspark.pipeline.rebalance;

import dev.trainspark.pipeline.BadParameterException;
import dev.trainspark.pipeline.rebalance.Points.Point;
import dev.trainspark.pipeline.testing.WithLocalSpark;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@WithLocalSpark
class AdasynTest {
    private static SparkSession spark;

    @BeforeAll
    static void start(SparkSession session) {
        spark = session;
    }

    /*
     * 1-D, n_neighbors = 2. Two nearest rows overall (other-class count):
     *   m4 (2.45): M2 0.45, M3 0.55 -> 2      m5 (-0.6): m6 0.4, M0 0.6 -> 1
     *   m6 (-1.0): m5 0.4, M0 1.0  -> 1       m1, m2, m3 (7.0, 7.5, 8.2): each other -> 0
     * Sum 4; for 10 rows: m4 rint(5) = 5, m5 rint(2.5) = 2, m6 rint(2.5) = 2 (half to even): 9 rows.
     * Partners within the minority: m4 -> {m5, m6}, m5 -> {m6, m4}, m6 -> {m5, m4}.
     */
    private static List<Point> fixture() {
        return List.of(
                Points.p("M0", "maj", 0f), Points.p("M1", "maj", 1f), Points.p("M2", "maj", 2f), Points.p("M3", "maj", 3f),
                Points.p("m1", "min", 7f), Points.p("m2", "min", 7.5f), Points.p("m3", "min", 8.2f),
                Points.p("m4", "min", 2.45f), Points.p("m5", "min", -0.6f), Points.p("m6", "min", -1f));
    }

    @Test
    void perRowCountsFollowTheOtherClassShareWithHalfToEvenRounding() {
        Adasyn adasyn = new Adasyn(Map.of("min", 10L), 2, 3, RebalanceSpec.defaults().knnSettings());
        List<Row> rows = adasyn.resample(Points.frame(spark, fixture()).repartition(2)).collectAsList();
        Map<String, Integer> perParent = new HashMap<>();
        Map<String, Set<String>> partners = Map.of("m4", Set.of("m5", "m6"), "m5", Set.of("m6", "m4"), "m6", Set.of("m5", "m4"));
        for (Row r : rows) {
            if (r.getAs("kind").equals(RebalanceColumns.SYNTHETIC)) {
                String a = r.getAs("parent_a");
                perParent.merge(a, 1, Integer::sum);
                assertTrue(partners.get(a).contains(r.<String>getAs("parent_b")));
                double lambda = r.getAs("lambda");
                assertTrue(lambda >= 0 && lambda < 1);
            }
        }
        assertEquals(Map.of("m4", 5, "m5", 2, "m6", 2), perParent);
        assertEquals(10 + 9, rows.size());
        assertEquals(Map.of("min", 9L), adasyn.generatedPerClass());
    }

    @Test
    void sameRowsWhateverThePartitioning() {
        Adasyn adasyn = new Adasyn(Map.of("min", 10L), 2, 3, RebalanceSpec.defaults().knnSettings());
        List<Row> one = adasyn.resample(Points.frame(spark, fixture()).repartition(1)).orderBy(col("id")).collectAsList();
        List<Row> three = adasyn.resample(Points.frame(spark, fixture()).repartition(3)).orderBy(col("id")).collectAsList();
        assertEquals(one, three);
    }

    @Test
    void aClassWithNoOtherClassNeighbourIsAnError() {
        List<Point> separated = fixture().stream().filter(p -> !Set.of("m4", "m5", "m6").contains(p.id())).toList();
        Adasyn adasyn = new Adasyn(Map.of("min", 4L), 2, 3, RebalanceSpec.defaults().knnSettings());
        BadParameterException e = assertThrows(BadParameterException.class,
                () -> adasyn.resample(Points.frame(spark, separated)));
        assertTrue(e.getMessage().contains("'min'") && e.getMessage().contains("smote"), e.getMessage());
    }
}
