package dev.trainspark.pipeline.rebalance;

import dev.trainspark.pipeline.rebalance.Points.Point;
import dev.trainspark.pipeline.testing.WithLocalSpark;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

@WithLocalSpark
class TomekLinksTest {
    private static SparkSession spark;

    @BeforeAll
    static void start(SparkSession session) {
        spark = session;
    }

    /*
     * 1-D. Nearest neighbours: A0 -> A1, A1 -> A2, A2 -> B0, B0 -> A2 (link), A3 -> B0 (B0 prefers
     * A2: no link), A4 -> B1, B1 -> A4 (link), B2 -> A4 (A4 prefers B1: no link).
     */
    private static List<Point> fixture() {
        return List.of(
                Points.p("A0", "A", 0f), Points.p("A1", "A", 1.1f), Points.p("A2", "A", 2f),
                Points.p("A3", "A", 5f), Points.p("A4", "A", 9f),
                Points.p("B0", "B", 2.4f), Points.p("B1", "B", 8.7f), Points.p("B2", "B", 12f));
    }

    private static Set<String> kept(Set<String> cleaned, KnnSettings knn) {
        return new TomekLinks(cleaned, 1, knn).resample(Points.frame(spark, fixture()).repartition(3))
                .collectAsList().stream().map(r -> r.getString(0)).collect(Collectors.toSet());
    }

    @Test
    void removesLinkedRowsOfTheCleanedClassesOnly() {
        assertEquals(Set.of("A0", "A1", "A3", "B0", "B1", "B2"), kept(Set.of("A"), RebalanceSpec.defaults().knnSettings()));
        assertEquals(Set.of("A0", "A1", "A3", "B2"), kept(Set.of("A", "B"), RebalanceSpec.defaults().knnSettings()));
        assertEquals(Set.of("A0", "A1", "A2", "A3", "A4", "B0", "B1", "B2"), kept(Set.of(), RebalanceSpec.defaults().knnSettings()));
    }

    @Test
    void tiesAreBrokenById() {
        // C1 is as near to A0 as to B0; by id A0 < B0, so C1's neighbour is A0, which pairs
        // back only if A0's own nearest is C1.
        List<Point> points = List.of(Points.p("A0", "A", 0f), Points.p("C1", "C", 1f), Points.p("B0", "B", 2f),
                Points.p("B1", "B", 2.5f));
        Set<String> kept = new TomekLinks(Set.of("A", "B", "C"), 1, RebalanceSpec.defaults().knnSettings())
                .resample(Points.frame(spark, points)).collectAsList().stream().map(r -> r.getString(0)).collect(Collectors.toSet());
        // A0 <-> C1 is a link (A0's nearest is C1 at 1); B0 -> B1 (0.5), B1 -> B0: same class, no link.
        assertEquals(Set.of("B0", "B1"), kept);
    }
}
