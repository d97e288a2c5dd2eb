package dev.trainspark.driver.train;

import dev.trainspark.driver.config.ConfigLoader;
import dev.trainspark.pipeline.image.ImageShape;
import dev.trainspark.pipeline.ingest.ImageIngest;
import dev.trainspark.pipeline.rebalance.RebalanceColumns;
import dev.trainspark.pipeline.rebalance.RebalanceSpec;
import dev.trainspark.pipeline.split.CrossValidation;
import dev.trainspark.pipeline.split.CvScheme;
import dev.trainspark.pipeline.split.Fold;
import dev.trainspark.pipeline.split.FoldSpec;
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
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Only training rows are resampled: no id of an evaluation split, and no parent of a synthetic or
 * duplicated row, comes from it — under a holdout split and under k-fold.
 */
@WithLocalSpark
class NoLeakageTest {
    private static final ImageShape SHAPE = new ImageShape(28, 28, 1);
    @TempDir
    static Path tmp;
    private static SparkSession spark;
    private static Dataset<Row> rows;
    private static Map<String, Long> perClass;

    @BeforeAll
    static void data(SparkSession session) throws Exception {
        Path root = tmp.resolve("digits");
        DemoImages.copyClasses(root, 40, "0");
        DemoImages.copyClasses(root, 20, "3");
        DemoImages.copyClasses(root, 12, "8");
        spark = session;
        ImageIngest.Result ingested = new ImageIngest(spark).run(root.toString(), SHAPE, 7, new org.apache.hadoop.fs.Path(tmp.resolve("dataset").toUri()));
        rows = new ImageIngest(spark).rows(ingested.datasetDir()).cache();
        perClass = ingested.info().perClass();
    }

    private static RebalanceSpec spec(String... overrides) {
        return ConfigLoader.load("", "test", List.of(overrides)).rebalance();
    }

    private static Set<String> ids(Dataset<Row> d) {
        Set<String> ids = new HashSet<>();
        d.select("id").collectAsList().forEach(r -> ids.add(r.getString(0)));
        return ids;
    }

    /** Every id a resampled set names: its rows and both parents. */
    private static Set<String> namedIds(Rebalancing.Result set) {
        Set<String> named = new HashSet<>();
        Dataset<Row> recipes = set.recipes() != null ? set.recipes() : RebalanceColumns.originals(set.originals());
        for (Row r : recipes.select(RebalanceColumns.ID, RebalanceColumns.PARENT_A, RebalanceColumns.PARENT_B).collectAsList()) {
            named.add(r.getString(0));
            named.add(r.getString(1));
            if (!r.isNullAt(2)) {
                named.add(r.getString(2));
            }
        }
        return named;
    }

    private static void assertDisjoint(Set<String> test, Set<String> named, String what) {
        Set<String> shared = new HashSet<>(named);
        shared.retainAll(test);
        assertTrue(shared.isEmpty(), what + ": evaluation ids reached training: " + shared);
    }

    @Test
    void holdoutTestRowsNeverReachTrainingNorParentASyntheticRow() {
        StratifiedHoldout holdout = new StratifiedHoldout(new HoldoutSpec(null, 4), 42);
        Map<String, Long> testCounts = holdout.testCounts(perClass);
        StratifiedHoldout.Split split = holdout.apply(rows, perClass);
        Map<String, Long> trainCounts = new java.util.LinkedHashMap<>();
        perClass.forEach((c, n) -> trainCounts.put(c, n - testCounts.get(c)));
        Set<String> test = ids(split.test());
        assertEquals(12, test.size());
        for (String[] method : List.of(new String[]{"rebalance.method=smote", "rebalance.k_neighbors=3"},
                new String[]{"rebalance.method=adasyn", "rebalance.n_neighbors=3"},
                new String[]{"rebalance.method=random_over"})) {
            Rebalancing r = new Rebalancing(spec(method), List.of("0", "3", "8"), SHAPE, 42, null);
            List<Rebalancing.Result> sets = r.trainingSets(spark, split.train(), trainCounts);
            Set<String> named = namedIds(sets.get(0));
            assertFalse(named.isEmpty());
            assertTrue(sets.get(0).perClass().get("8") > trainCounts.get("8"), method[0] + " over-sampled the smallest class");
            assertDisjoint(test, named, method[0]);
        }
    }

    @Test
    void underKFoldEachFoldsTestRowsStayOutOfItsResampledTrainingSet() {
        CrossValidation cv = new CrossValidation(FoldSpec.of(CvScheme.STRATIFIED_KFOLD, 3), 42);
        List<Fold> folds = cv.folds(rows);
        assertEquals(3, folds.size());
        Set<String> everyTestId = new HashSet<>();
        for (Fold fold : folds) {
            Set<String> test = ids(fold.test());
            everyTestId.addAll(test);
            Map<String, Long> counts = PreparedData.countPerClass(fold.train(), List.of("0", "3", "8"));
            Rebalancing r = new Rebalancing(spec("rebalance.method=smote", "rebalance.k_neighbors=3"), List.of("0", "3", "8"), SHAPE, 42, null);
            Rebalancing.Result set = r.trainingSets(spark, fold.train(), counts).get(0);
            assertEquals(counts.get("0"), set.perClass().get("8"), "balanced to the majority");
            assertDisjoint(test, namedIds(set), "fold " + fold.index());
        }
        assertEquals(72, everyTestId.size(), "the folds' test sides cover every row");
    }
}
