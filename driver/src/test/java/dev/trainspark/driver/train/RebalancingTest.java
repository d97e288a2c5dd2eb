package dev.trainspark.driver.train;

import dev.trainspark.driver.config.ConfigLoader;
import dev.trainspark.pipeline.BadParameterException;
import dev.trainspark.pipeline.image.ImageShape;
import dev.trainspark.pipeline.ingest.ImageIngest;
import dev.trainspark.pipeline.rebalance.RebalanceColumns;
import dev.trainspark.pipeline.rebalance.RebalanceSpec;
import dev.trainspark.pipeline.testing.DemoImages;
import dev.trainspark.pipeline.testing.WithLocalSpark;
import org.apache.spark.api.java.function.FilterFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@WithLocalSpark
class RebalancingTest {
    private static final ImageShape SHAPE = new ImageShape(28, 28, 1);
    private static final List<String> CLASSES = List.of("0", "3", "8");
    @TempDir
    static Path tmp;
    private static SparkSession spark;
    private static Dataset<Row> rows;
    private static Map<String, Long> perClass;
    /** Ingested id to its label. */
    private static final Map<String, String> LABELS = new HashMap<>();

    @BeforeAll
    static void data(SparkSession session) throws Exception {
        Path root = tmp.resolve("digits");
        DemoImages.copyClasses(root, 14, "0");
        DemoImages.copyClasses(root, 8, "3");
        DemoImages.copyClasses(root, 5, "8");
        spark = session;
        ImageIngest.Result ingested = new ImageIngest(spark).run(root.toString(), SHAPE, 7,
                new org.apache.hadoop.fs.Path(tmp.resolve("dataset").toUri()));
        rows = new ImageIngest(spark).rows(ingested.datasetDir()).cache();
        perClass = ingested.info().perClass();
        rows.select("id", "label").collectAsList().forEach(r -> LABELS.put(r.getString(0), r.getString(1)));
    }


    private static Rebalancing rebalancing(String... overrides) {
        RebalanceSpec spec = ConfigLoader.load("", "test", List.of(overrides)).rebalance();
        return new Rebalancing(spec, CLASSES, SHAPE, 42, null);
    }

    private static Map<String, Long> counted(Dataset<Row> recipes) {
        return PreparedData.countPerClass(recipes, CLASSES);
    }

    private static Map<String, Long> counts(long zero, long three, long eight) {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("0", zero);
        m.put("3", three);
        m.put("8", eight);
        return m;
    }

    /** Every recipe's parent is an ingested row of the recipe's own class. */
    private static void assertParentsOfTheSameClass(Dataset<Row> recipes) {
        for (Row r : recipes.select(RebalanceColumns.LABEL, RebalanceColumns.PARENT_A).collectAsList()) {
            assertEquals(r.getString(0), LABELS.get(r.getString(1)), "parent " + r.getString(1));
        }
    }

    @Test
    void theIngestedClassesAreTheImbalancedOnesAskedFor() {
        assertEquals(counts(14, 8, 5), new LinkedHashMap<>(counted(rows)));
        assertEquals(Map.of("0", 14L, "3", 8L, "8", 5L), Map.copyOf(perClass));
    }

    @Test
    void randomOverSamplingBringsEveryClassToTheMajorityCount() {
        List<Rebalancing.Result> sets = rebalancing("rebalance.method=random_over").trainingSets(spark, rows, perClass);
        assertEquals(1, sets.size());
        Rebalancing.Result set = sets.get(0);
        assertNull(set.originals());
        assertEquals(counts(14, 14, 14), counted(set.recipes()));
        assertEquals(counts(14, 14, 14), set.perClass());
        Dataset<Row> originals = set.recipes().filter(set.recipes().col(RebalanceColumns.KIND).equalTo(RebalanceColumns.ORIGINAL));
        assertEquals(counts(14, 8, 5), counted(originals), "every training row is kept once as it is");
        assertEquals(42, set.recipes().select(RebalanceColumns.ID).distinct().count(), "every row has its own id");
        assertParentsOfTheSameClass(set.recipes());
    }

    @Test
    void easyEnsembleGivesNSubsetsEachBalancedToTheMinority() {
        List<Rebalancing.Result> sets = rebalancing("rebalance.method=easy_ensemble", "rebalance.n_subsets=3")
                .trainingSets(spark, rows, perClass);
        assertEquals(3, sets.size());
        Set<Set<String>> chosen = new HashSet<>();
        for (Rebalancing.Result set : sets) {
            assertEquals(counts(5, 5, 5), counted(set.recipes()));
            assertEquals(counts(5, 5, 5), new LinkedHashMap<>(set.perClass()));
            assertParentsOfTheSameClass(set.recipes());
            Set<String> ids = new HashSet<>();
            set.recipes().select(RebalanceColumns.PARENT_A).collectAsList().forEach(r -> ids.add(r.getString(0)));
            assertEquals(15, ids.size(), "drawn without replacement");
            chosen.add(ids);
        }
        assertTrue(chosen.size() > 1, "each subset draws its own rows");
    }

    @Test
    void withoutAMethodTheTrainingRowsComeBackUntouched() {
        List<Rebalancing.Result> sets = rebalancing("rebalance.method=none").trainingSets(spark, rows, perClass);
        assertEquals(1, sets.size());
        assertSame(rows, sets.get(0).originals());
        assertNull(sets.get(0).recipes());
        assertNull(sets.get(0).pixelStd());
        assertEquals(perClass, sets.get(0).perClass());
    }

    @Test
    void inverseFrequencyWeightsAreNOverKTimesTheClassCountInClassOrder() {
        // Given in another order than the classes: the weights follow the class order.
        Map<String, Long> reversed = new LinkedHashMap<>();
        reversed.put("8", 5L);
        reversed.put("3", 8L);
        reversed.put("0", 14L);
        List<Double> weights = rebalancing("rebalance.class_weight=inverse_frequency").classWeights(reversed);
        assertEquals(3, weights.size());
        assertEquals(27.0 / (3 * 14), weights.get(0), 1e-12);
        assertEquals(27.0 / (3 * 8), weights.get(1), 1e-12);
        assertEquals(27.0 / (3 * 5), weights.get(2), 1e-12);
        assertEquals(List.of(), rebalancing("rebalance.class_weight=none").classWeights(reversed));
    }

    @Test
    void aNeighbourCountLargerThanAClassIsRefusedBeforeAnyWork() {
        Rebalancing smote = rebalancing("rebalance.method=smote", "rebalance.k_neighbors=6");
        BadParameterException e = assertThrows(BadParameterException.class, () -> smote.validate(perClass));
        assertTrue(e.getMessage().contains("rebalance.k_neighbors") && e.getMessage().contains("'8'"), e.getMessage());
        // Rows that fail when read: the refusal must come before any job touches them.
        Dataset<Row> unreadable = rows.filter((FilterFunction<Row>) r -> {
            throw new IllegalStateException("the training rows were read");
        });
        BadParameterException again = assertThrows(BadParameterException.class, () -> smote.trainingSets(spark, unreadable, perClass));
        assertTrue(again.getMessage().contains("rebalance.k_neighbors"), again.getMessage());
        // The same count is fine where every over-sampled class is larger than it.
        rebalancing("rebalance.method=smote", "rebalance.k_neighbors=4").validate(perClass);
    }
}
