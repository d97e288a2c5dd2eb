package dev.trainspark.driver.train;

import dev.trainspark.driver.config.ConfigLoader;
import dev.trainspark.driver.config.EarlyStoppingConfig;
import dev.trainspark.pipeline.BadDataException;
import dev.trainspark.pipeline.image.ImageShape;
import dev.trainspark.pipeline.ingest.ImageIngest;
import dev.trainspark.pipeline.rebalance.RebalanceColumns;
import dev.trainspark.pipeline.split.HoldoutSpec;
import dev.trainspark.pipeline.split.StratifiedHoldout;
import dev.trainspark.pipeline.testing.DemoImages;
import dev.trainspark.pipeline.testing.WithLocalSpark;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
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

/**
 * The early-stopping validation share: taken from the training side only, stratified with at least
 * one image per class, the same rows whatever the partitioning, and never a parent of a resampled row.
 */
@WithLocalSpark
class ValidationShareTest {
    private static final ImageShape SHAPE = new ImageShape(28, 28, 1);
    private static final List<String> CLASSES = List.of("0", "3", "8");
    @TempDir
    static Path tmp;
    private static SparkSession spark;
    private static Dataset<Row> test;
    private static Dataset<Row> train;
    private static Map<String, Long> trainPerClass;

    @BeforeAll
    static void data(SparkSession session) throws Exception {
        Path root = tmp.resolve("digits");
        DemoImages.copyClasses(root, 40, "0");
        DemoImages.copyClasses(root, 20, "3");
        DemoImages.copyClasses(root, 12, "8");
        spark = session;
        ImageIngest.Result ingested = new ImageIngest(spark).run(root.toString(), SHAPE, 7,
                new org.apache.hadoop.fs.Path(tmp.resolve("dataset").toUri()));
        Dataset<Row> rows = new ImageIngest(spark).rows(ingested.datasetDir()).cache();
        StratifiedHoldout holdout = new StratifiedHoldout(new HoldoutSpec(null, 4), 42);
        StratifiedHoldout.Split split = holdout.apply(rows, ingested.info().perClass());
        test = split.test();
        train = split.train();
        trainPerClass = new LinkedHashMap<>();
        ingested.info().perClass().forEach((c, n) -> trainPerClass.put(c, n - 4));
    }

    private static EarlyStoppingConfig settings(double fraction) {
        return new EarlyStoppingConfig(null, null, null, fraction);
    }

    private static Set<String> ids(Dataset<Row> d) {
        Set<String> ids = new HashSet<>();
        d.select("id").collectAsList().forEach(r -> ids.add(r.getString(0)));
        return ids;
    }

    private static Set<String> shared(Set<String> a, Set<String> b) {
        Set<String> both = new HashSet<>(a);
        both.retainAll(b);
        return both;
    }

    @Test
    void theShareIsStratifiedAtLeastOnePerClassAndApartFromTheFittedAndTestRows() {
        assertEquals(Map.of("0", 36L, "3", 16L, "8", 8L), trainPerClass);
        ValidationShare share = ValidationShare.of(settings(0.1), train, trainPerClass, 42);
        // round(36 x 0.1) = 4, round(1.6) = 2, round(0.8) = 1: every class gives at least one.
        Map<String, Long> expected = Map.of("0", 4L, "3", 2L, "8", 1L);
        assertEquals(expected, share.validationPerClass());
        assertEquals(expected, PreparedData.countPerClass(share.validation(), CLASSES));
        assertEquals(Map.of("0", 32L, "3", 14L, "8", 7L), share.fitPerClass());
        assertEquals(share.fitPerClass(), PreparedData.countPerClass(share.fit(), CLASSES));
        assertEquals(7, share.validationSize());

        Set<String> validation = ids(share.validation());
        Set<String> fit = ids(share.fit());
        assertEquals(Set.of(), shared(validation, fit));
        assertEquals(Set.of(), shared(validation, ids(test)));
        Set<String> both = new HashSet<>(validation);
        both.addAll(fit);
        assertEquals(ids(train), both, "the two sides cover the training split");
    }

    @Test
    void theSameRowsWhateverThePartitioningAndAnotherDrawForAnotherSeed() {
        Set<String> reference = ids(ValidationShare.of(settings(0.25), train, trainPerClass, 42).validation());
        for (int partitions : new int[]{1, 5}) {
            assertEquals(reference, ids(ValidationShare.of(settings(0.25), train.repartition(partitions), trainPerClass, 42)
                    .validation()), partitions + " partitions");
        }
        assertTrue(!reference.equals(ids(ValidationShare.of(settings(0.25), train, trainPerClass, 7).validation())),
                "the draw follows the seed");
    }

    @Test
    void resampledTrainingRowsNeverComeFromAValidationImage() {
        ValidationShare share = ValidationShare.of(settings(0.5), train, trainPerClass, 42);
        Set<String> validation = ids(share.validation());
        for (String[] method : List.of(new String[]{"rebalance.method=smote", "rebalance.k_neighbors=3"},
                new String[]{"rebalance.method=random_over"})) {
            Rebalancing r = new Rebalancing(ConfigLoader.load("", "test", List.of(method)).rebalance(), CLASSES, SHAPE, 42, null);
            Rebalancing.Result set = r.trainingSets(spark, share.fit(), share.fitPerClass()).get(0);
            Set<String> named = new HashSet<>();
            Dataset<Row> recipes = set.recipes() != null ? set.recipes() : RebalanceColumns.originals(set.originals());
            Dataset<Row> lineage = recipes.select(RebalanceColumns.ID, RebalanceColumns.PARENT_A, RebalanceColumns.PARENT_B);
            for (Row row : lineage.collectAsList()) {
                for (int i = 0; i < 3; i++) {
                    if (!row.isNullAt(i)) {
                        named.add(row.getString(i));
                    }
                }
            }
            assertTrue(set.perClass().get("8") > share.fitPerClass().get("8"), method[0] + " over-sampled the smallest class");
            assertEquals(Set.of(), shared(validation, named), method[0]);
        }
    }

    @Test
    void aClassOfOneTrainingImageIsRefusedAndSmallOnesKeepOneToTrainOn() {
        ValidationShare off = ValidationShare.of(null, train, trainPerClass, 42);
        assertNull(off.validation());
        assertSame(train, off.fit());
        assertEquals(Map.of("0", 1L, "3", 2L), ValidationShare.of(settings(0.5), train, Map.of("0", 2L, "3", 3L), 42)
                .validationPerClass());
        BadDataException e = assertThrows(BadDataException.class,
                () -> ValidationShare.of(settings(0.1), train, Map.of("0", 36L, "8", 1L), 42));
        assertTrue(e.getMessage().startsWith("class '8' has 1 training image")
                && e.getMessage().contains("train.early_stopping.validation_fraction=0.1"), e.getMessage());
    }
}
