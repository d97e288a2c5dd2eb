package dev.trainspark.pipeline.rebalance;

import dev.trainspark.pipeline.rebalance.Points.Point;
import dev.trainspark.pipeline.testing.WithLocalSpark;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@WithLocalSpark
class TiledSelfKnnTest {
    private static SparkSession spark;

    @BeforeAll
    static void start(SparkSession session) {
        spark = session;
    }

    /** Classes a, b, c of 61, 23 and 2 rows (c's rows last). */
    private static List<Point> fixture() {
        return Points.grid(new TreeMap<>(Map.of("a", 61, "b", 23, "c", 2)), 3, 19);
    }

    @Test
    void manyTilesPerClassGiveTheBruteForceListsIncludingTies() {
        List<Point> points = fixture();
        // Blocks of 5 rows and 12 tasks: class a has 87% of the work, 11 tasks' worth, so 5 super-blocks
        // (15 tiles); b 2 (3 tiles); c, of two rows, one.
        TiledSelfKnn.Tiling tiling = TiledSelfKnn.Tiling.of(Map.of("a", 61L, "b", 23L, "c", 2L), 3, 5, 12, 7);
        assertEquals(5, tiling.superBlocks("a"));
        assertEquals(2, tiling.superBlocks("b"));
        assertEquals(1, tiling.superBlocks("c"));
        assertEquals(15 + 3 + 1, tiling.tasks());
        Dataset<Row> rows = Points.frame(spark, points).repartition(3);
        Dataset<Row> lists = TiledSelfKnn.neighbours(rows, 4, true, null, 5, 7, 12);
        assertEquals(Points.bruteForce(points, points, 4, true), Points.lists(lists));
        // Class c has a single other row: its rows get that one, not k.
        assertEquals(1, Points.lists(lists).get(points.get(points.size() - 1).id()).size());
    }

    @Test
    void overAllRowsIgnoresLabelsAndTakesTheCallersCounts() {
        List<Point> points = fixture();
        Dataset<Row> rows = Points.frame(spark, points);
        Dataset<Row> lists = TiledSelfKnn.neighbours(rows, 6, false, Map.of("", (long) points.size()), 4, 3, 5);
        assertEquals(Points.bruteForce(points, points, 6, false), Points.lists(lists));
    }

    @Test
    void everySuperBlockPairIsOneTileAndTheLargestComeFirst() {
        TiledSelfKnn.Tiling tiling = TiledSelfKnn.Tiling.of(Map.of("x", 5000L), 8, 100, 6, 1);
        int m = tiling.superBlocks("x");
        assertEquals(3, m);
        Set<Integer> tasks = new HashSet<>();
        for (int a = 0; a < m; a++) {
            for (int b = 0; b < m; b++) {
                assertEquals(tiling.task("x", a, b), tiling.task("x", b, a));
                tasks.add(tiling.task("x", a, b));
            }
        }
        assertEquals(m * (m + 1) / 2, tasks.size());
        for (int t = 0; t < m; t++) {
            assertTrue(tiling.a(t) != tiling.b(t), "off-diagonal tiles (twice the pairs) are started first");
        }
        // Long vectors: a super-block's vectors stay under the byte limit whatever the cores.
        long rows = 20_000;
        int dims = 3072;
        TiledSelfKnn.Tiling wide = TiledSelfKnn.Tiling.of(Map.of("x", rows), dims, 1024, 1, 1);
        assertTrue(rows * dims * Float.BYTES / wide.superBlocks("x") <= TiledSelfKnn.SUPER_BLOCK_BYTES);
    }
}
