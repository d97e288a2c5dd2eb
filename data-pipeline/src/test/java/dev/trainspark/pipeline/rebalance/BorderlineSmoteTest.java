package dev.trainspark.pipeline.rebalance;

import dev.trainspark.pipeline.rebalance.Points.Point;
import dev.trainspark.pipeline.testing.WithLocalSpark;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@WithLocalSpark
class BorderlineSmoteTest {
    private static SparkSession spark;

    @BeforeAll
    static void start(SparkSession session) {
        spark = session;
    }

    /** Two overlapping 2-D clouds: majority around (0,0), minority around (1.5,0). */
    private static List<Point> overlapping() {
        Random random = new Random(5);
        List<Point> points = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            points.add(Points.p(String.format("M%02d", i), "maj", (float) random.nextGaussian(), (float) random.nextGaussian()));
        }
        for (int i = 0; i < 15; i++) {
            points.add(Points.p(String.format("m%02d", i), "min", 1.5f + (float) random.nextGaussian(), (float) random.nextGaussian()));
        }
        return points;
    }

    /** imbalanced-learn's danger rule written out: m/2 <= n_maj < m among the m nearest rows overall. */
    private static Set<String> bruteForceDanger(List<Point> points, String label, int m) {
        Map<String, String> labelOf = points.stream().collect(Collectors.toMap(Point::id, Point::label));
        List<Point> cls = points.stream().filter(p -> p.label().equals(label)).toList();
        Set<String> danger = new HashSet<>();
        Points.bruteForce(cls, points, m, false).forEach((id, ns) -> {
            long nMaj = ns.stream().filter(n -> !labelOf.get(n).equals(label)).count();
            if (nMaj >= m / 2.0 && nMaj < m) {
                danger.add(id);
            }
        });
        return danger;
    }

    @Test
    void dangerRowsMatchTheRuleAndAreTheOnlyBases() {
        List<Point> points = overlapping();
        Set<String> danger = bruteForceDanger(points, "min", 10);
        assertFalse(danger.isEmpty());
        assertTrue(danger.size() < 15, "some minority rows are safe or noise: " + danger.size());

        NearestNeighbours nn = new NearestNeighbours(RebalanceSpec.defaults().knnSettings(), 1);
        Set<String> found = BorderlineSmote.dangerRows(nn.overAll(
                        Points.frame(spark, points).filter(col("label").equalTo("min")), Points.frame(spark, points), 10).rows(), 10)
                .collectAsList().stream().map(r -> r.getString(0)).collect(Collectors.toSet());
        assertEquals(danger, found);

        BorderlineSmote smote = new BorderlineSmote(Map.of("min", 40L), 5, 10, 9, RebalanceSpec.defaults().knnSettings());
        List<Row> rows = smote.resample(Points.frame(spark, points).repartition(3)).collectAsList();
        List<Point> minority = points.stream().filter(p -> p.label().equals("min")).toList();
        Map<String, List<String>> partners = Points.bruteForce(minority, minority, 5, true);
        long synthetic = 0;
        for (Row r : rows) {
            if (r.getAs("kind").equals(RebalanceColumns.SYNTHETIC)) {
                synthetic++;
                assertEquals("min", r.getAs("label"));
                assertTrue(danger.contains(r.<String>getAs("parent_a")));
                assertTrue(partners.get(r.<String>getAs("parent_a")).contains(r.<String>getAs("parent_b")));
            }
        }
        assertEquals(40, synthetic);
        assertEquals(55 + 40, rows.size());
        assertTrue(smote.classesWithoutDanger().isEmpty());
    }

    @Test
    void aClassWithoutDangerRowsGetsNothing() {
        List<Point> points = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            points.add(Points.p("M" + i, "maj", i * 0.1f, 0f));
            points.add(Points.p("m" + i, "min", 100 + i * 0.1f, 0f));
        }
        BorderlineSmote smote = new BorderlineSmote(Map.of("min", 5L), 3, 4, 9, RebalanceSpec.defaults().knnSettings());
        List<Row> rows = smote.resample(Points.frame(spark, points)).collectAsList();
        assertEquals(24, rows.size());
        assertEquals(List.of("min"), smote.classesWithoutDanger());
    }
}
