package dev.trainspark.pipeline.rebalance;

import dev.trainspark.pipeline.rebalance.Points.Point;
import dev.trainspark.pipeline.testing.WithLocalSpark;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@WithLocalSpark
class NearestNeighboursTest {
    private static SparkSession spark;

    @BeforeAll
    static void start(SparkSession session) {
        spark = session;
    }

    private static List<Point> fixture() {
        Map<String, Integer> perClass = new LinkedHashMap<>();
        perClass.put("a", 30);
        perClass.put("b", 17);
        perClass.put("c", 9);
        return Points.grid(perClass, 3, 7);
    }

    @Test
    void exactWithinClassEqualsBruteForceIncludingTies() {
        List<Point> points = fixture();
        // Small blocks so that every list is merged from several block pairs.
        NearestNeighbours nn = new NearestNeighbours(new KnnSettings(1000, 3, null, 4), 11);
        NeighbourLists result = nn.withinClass(Points.frame(spark, points).repartition(3), 4);
        assertEquals(0, result.lshFallbackRows());
        assertEquals(Points.bruteForce(points, points, 4, true), Points.lists(result.rows()));
    }

    @Test
    void exactOverAllEqualsBruteForceIncludingTies() {
        List<Point> points = fixture();
        List<Point> queries = points.stream().filter(p -> !p.label().equals("a")).toList();
        NearestNeighbours nn = new NearestNeighbours(new KnnSettings(1000, 3, null, 5), 3);
        NeighbourLists result = nn.overAll(Points.frame(spark, queries), Points.frame(spark, points), 6);
        assertEquals(Points.bruteForce(queries, points, 6, false), Points.lists(result.rows()));
        // distances are reported and ascending
        for (Row r : result.rows().collectAsList()) {
            List<Row> ns = r.getList(2);
            for (int i = 1; i < ns.size(); i++) {
                assertTrue(ns.get(i - 1).getDouble(0) <= ns.get(i).getDouble(0));
            }
        }
    }

    @Test
    void lshWithAutomaticBucketsGivesEveryRowKNeighboursNoCloserThanTheExactOnes() {
        List<Point> points = fixture().stream().filter(p -> !p.label().equals("c")).toList();
        Map<String, Point> byId = new java.util.HashMap<>();
        points.forEach(p -> byId.put(p.id(), p));
        NearestNeighbours nn = new NearestNeighbours(new KnnSettings(5, 3, null, 8), 5);
        NeighbourLists result = nn.withinClass(Points.frame(spark, points), 3);
        Map<String, List<String>> exact = Points.bruteForce(points, points, 3, true);
        Map<String, List<String>> lists = Points.lists(result.rows());
        assertEquals(exact.keySet(), lists.keySet());
        lists.forEach((id, list) -> {
            assertEquals(3, list.size());
            Point q = byId.get(id);
            for (int i = 0; i < 3; i++) {
                Point found = byId.get(list.get(i));
                assertEquals(q.label(), found.label());
                // an approximate i-th neighbour is never closer than the exact i-th one
                assertTrue(Points.distance(q.v(), found.v()) >= Points.distance(q.v(), byId.get(exact.get(id).get(i)).v()));
            }
        });
    }

    @Test
    void lshWithNarrowBucketsFallsBackToExactForShortRows() {
        List<Point> points = fixture().stream().filter(p -> !p.label().equals("c")).toList();
        // Buckets far narrower than the grid step: only rows at the same point share a bucket.
        NearestNeighbours nn = new NearestNeighbours(new KnnSettings(5, 1, 1e-3, 8), 5);
        NeighbourLists result = nn.withinClass(Points.frame(spark, points), 3);
        Map<String, List<String>> exact = Points.bruteForce(points, points, 3, true);
        Map<String, List<String>> lists = Points.lists(result.rows());
        assertEquals(points.size(), lists.size());
        lists.values().forEach(l -> assertEquals(3, l.size()));
        // Only duplicates of a point collide, so a row keeps its LSH list only when it has >= 3
        // exact copies, and then that list is the exact one too.
        long expectedFallback = points.stream().filter(p -> points.stream()
                .filter(o -> !o.id().equals(p.id()) && o.label().equals(p.label()) && Points.distance(o.v(), p.v()) == 0)
                .count() < 3).count();
        assertEquals(expectedFallback, result.lshFallbackRows());
        assertTrue(result.lshFallbackRows() > 0);
        assertEquals(exact, lists);
    }
}
