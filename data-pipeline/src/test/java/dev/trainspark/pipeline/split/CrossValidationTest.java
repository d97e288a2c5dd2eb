package dev.trainspark.pipeline.split;

import dev.trainspark.pipeline.random.DerivedSeed;
import dev.trainspark.pipeline.BadDataException;
import dev.trainspark.pipeline.BadParameterException;
import dev.trainspark.pipeline.ingest.DatasetColumns;
import dev.trainspark.pipeline.testing.WithLocalSpark;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.xxhash64;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Per-row fold assignment in Spark equals the allocation cores applied to the seeded data order,
 * collected here (tests only) by sorting on (xxhash64(seed, id), id).
 */
@WithLocalSpark
class CrossValidationTest {
    private static final long SEED = 42;
    private static final StructType SCHEMA = new StructType()
            .add(DatasetColumns.ID, DataTypes.StringType, false)
            .add(DatasetColumns.LABEL, DataTypes.StringType, false)
            .add(DatasetColumns.GROUP, DataTypes.StringType, true);
    private static SparkSession spark;
    private static Dataset<Row> rows;

    @BeforeAll
    static void start(SparkSession session) {
        spark = session;
        // 40 rows: classes a=20, b=12, c=5, d=3; 13 groups of growing size that mix classes.
        List<Row> data = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String label = i < 20 ? "a" : i < 32 ? "b" : i < 37 ? "c" : "d";
            data.add(RowFactory.create(String.format("r%02d", i), label, "g" + (int) Math.sqrt(4.0 * ((i * 7) % 40))));
        }
        rows = spark.createDataFrame(data, SCHEMA).repartition(3);
    }

    private static List<Row> seededOrder(Dataset<Row> data, long seed) {
        return data.withColumn("h", xxhash64(lit(seed), col(DatasetColumns.ID)))
                .orderBy(col("h"), col(DatasetColumns.ID)).collectAsList();
    }

    /** Integer codes of a column's values that sort like the strings (ASCII names here). */
    private static int[] codes(List<Row> order, String column) {
        List<String> sorted = order.stream().map(r -> r.<String>getAs(column)).distinct().sorted().toList();
        return order.stream().mapToInt(r -> sorted.indexOf(r.<String>getAs(column))).toArray();
    }

    private static Map<String, Integer> expected(List<Row> order, int[] folds) {
        Map<String, Integer> byId = new HashMap<>();
        for (int i = 0; i < folds.length; i++) {
            byId.put(order.get(i).getAs(DatasetColumns.ID), folds[i]);
        }
        return byId;
    }

    private static List<String> ids(Dataset<Row> side) {
        return side.select(DatasetColumns.ID).as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
    }

    /** id -> test fold for one repeat; checks each row is tested exactly once and trains elsewhere. */
    private static Map<String, Integer> testFoldOf(List<Fold> folds, int repeat, long n) {
        return testFoldOf(folds, repeat, n, true);
    }

    private static Map<String, Integer> testFoldOf(List<Fold> folds, int repeat, long n, boolean checkTrain) {
        Map<String, Integer> byId = new HashMap<>();
        for (Fold fold : folds) {
            if (fold.repeat() != repeat) {
                continue;
            }
            List<String> test = ids(fold.test());
            if (checkTrain) {
                List<String> train = ids(fold.train());
                assertEquals(n, test.size() + train.size(), "fold " + fold.index());
                Set<String> overlap = new HashSet<>(test);
                overlap.retainAll(train);
                assertTrue(overlap.isEmpty(), "train and test share " + overlap);
            }
            for (String id : test) {
                Integer before = byId.put(id, fold.index());
                assertEquals(null, before, id + " is in two test folds");
            }
        }
        assertEquals(n, byId.size(), "every row is in a test fold");
        return byId;
    }

    @Test
    void stratifiedKFoldEqualsCoreAndWarnsAboutSmallClass() {
        CrossValidation cv = new CrossValidation(FoldSpec.defaults(), SEED);
        Map<String, Integer> actual = testFoldOf(cv.folds(rows), 0, 40);
        List<Row> order = seededOrder(rows, SEED);
        assertEquals(expected(order, StratifiedKFoldAllocation.testFolds(codes(order, DatasetColumns.LABEL), 5)), actual);
        assertEquals(1, cv.warnings().size());
        assertTrue(cv.warnings().get(0).contains("'d') has only 3 members, which is less than cv.n_splits=5"),
                cv.warnings().get(0));
    }

    @Test
    void kFoldEqualsCore() {
        CrossValidation cv = new CrossValidation(FoldSpec.of(CvScheme.KFOLD, 3), SEED);
        Map<String, Integer> actual = testFoldOf(cv.folds(rows), 0, 40);
        assertEquals(expected(seededOrder(rows, SEED), KFoldAllocation.testFolds(40, 3)), actual);
        assertTrue(cv.warnings().isEmpty());
    }

    @Test
    void repeatedStratifiedKFoldUsesADerivedSeedPerRepeat() {
        FoldSpec spec = new FoldSpec("repeated_stratified_kfold", 3, 2, null, null, null, null);
        List<Fold> folds = new CrossValidation(spec, SEED).folds(rows);
        assertEquals(6, folds.size());
        List<Map<String, Integer>> repeats = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
            Map<String, Integer> actual = testFoldOf(folds, r, 40);
            List<Row> order = seededOrder(rows, DerivedSeed.of(SEED, r));
            assertEquals(expected(order, StratifiedKFoldAllocation.testFolds(codes(order, DatasetColumns.LABEL), 3)), actual);
            repeats.add(actual);
        }
        assertNotEquals(repeats.get(0), repeats.get(1));
    }

    @Test
    void groupSchemesEqualCoreAndNeverSplitAGroup() {
        List<Row> order = seededOrder(rows, SEED);
        int[] y = codes(order, DatasetColumns.LABEL);
        int[] groups = codes(order, DatasetColumns.GROUP);
        Map<String, String> groupOf = order.stream().collect(Collectors.toMap(
                r -> r.getAs(DatasetColumns.ID), r -> r.getAs(DatasetColumns.GROUP)));

        Map<String, Integer> plain = testFoldOf(new CrossValidation(FoldSpec.of(CvScheme.GROUP_KFOLD, 4), SEED).folds(rows), 0, 40);
        assertEquals(expected(order, GroupKFoldAllocation.testFolds(groups, 4)), plain);
        assertGroupsWhole(plain, groupOf);

        CrossValidation sgkf = new CrossValidation(FoldSpec.of(CvScheme.STRATIFIED_GROUP_KFOLD, 4), SEED);
        Map<String, Integer> stratified = testFoldOf(sgkf.folds(rows), 0, 40);
        assertEquals(expected(order, StratifiedGroupKFoldAllocation.testFolds(y, groups, 4)), stratified);
        assertGroupsWhole(stratified, groupOf);
        assertTrue(sgkf.warnings().get(0).contains("only 3 members"), sgkf.warnings().toString());
    }

    private static void assertGroupsWhole(Map<String, Integer> foldOfId, Map<String, String> groupOf) {
        Map<String, Set<Integer>> foldsOfGroup = new TreeMap<>();
        foldOfId.forEach((id, fold) -> foldsOfGroup.computeIfAbsent(groupOf.get(id), g -> new HashSet<>()).add(fold));
        foldsOfGroup.forEach((g, f) -> assertEquals(1, f.size(), "group " + g + " spans folds " + f));
    }

    @Test
    void sameFoldsAcrossPartitionCountsAndRuns() {
        for (FoldSpec spec : List.of(FoldSpec.of(CvScheme.STRATIFIED_KFOLD, 3), FoldSpec.of(CvScheme.KFOLD, 3))) {
            Map<String, Integer> one = testFoldOf(new CrossValidation(spec, 7).folds(rows.repartition(1)), 0, 40, false);
            Map<String, Integer> three = testFoldOf(new CrossValidation(spec, 7).folds(rows.repartition(3)), 0, 40, false);
            assertEquals(one, three, spec.scheme());
        }
        FoldSpec spec = FoldSpec.of(CvScheme.STRATIFIED_KFOLD, 3);
        assertEquals(testFoldOf(new CrossValidation(spec, 7).folds(rows), 0, 40, false),
                testFoldOf(new CrossValidation(spec, 7).folds(rows), 0, 40, false), "a second run");
        FoldSpec boot = new FoldSpec("bootstrap", null, null, null, null, null, 1);
        assertEquals(trainCounts(new CrossValidation(boot, 7).folds(rows.repartition(1)).get(0)),
                trainCounts(new CrossValidation(boot, 7).folds(rows.repartition(3)).get(0)));
    }

    private static Map<String, Long> trainCounts(Fold fold) {
        return ids(fold.train()).stream().collect(Collectors.groupingBy(Function.identity(), TreeMap::new, Collectors.counting()));
    }

    @Test
    void bootstrapDrawsNRowsWithReplacementAndTestsOutOfBag() {
        FoldSpec spec = new FoldSpec("bootstrap", null, null, null, null, null, 2);
        List<Fold> folds = new CrossValidation(spec, SEED).folds(rows);
        assertEquals(2, folds.size());
        List<Row> order = seededOrder(rows, SEED);
        for (Fold fold : folds) {
            Map<String, Long> drawn = trainCounts(fold);
            assertEquals(40, drawn.values().stream().mapToLong(Long::longValue).sum(), "train size n");
            Map<String, Long> expected = new TreeMap<>();
            for (long j = 0; j < 40; j++) {
                int index = (int) DerivedSeed.bootstrapDraw(SEED, fold.index(), j, 40);
                expected.merge(order.get(index).getAs(DatasetColumns.ID), 1L, Long::sum);
            }
            assertEquals(expected, drawn);
            Set<String> oob = new HashSet<>(ids(fold.test()));
            assertTrue(oob.stream().noneMatch(drawn::containsKey), "out-of-bag rows are never drawn");
            assertEquals(40, oob.size() + drawn.size(), "every row is drawn or out of bag");
        }
        assertNotEquals(trainCounts(folds.get(0)), trainCounts(folds.get(1)));
    }

    @Test
    void shuffleSplitAndHoldoutTakeSeededPrefixes() {
        FoldSpec shuffle = new FoldSpec("shuffle_split", 2, null, 0.25, null, null, null);
        List<Fold> splits = new CrossValidation(shuffle, SEED).folds(rows);
        assertEquals(2, splits.size());
        for (Fold split : splits) {
            List<Row> order = seededOrder(rows, DerivedSeed.of(SEED, split.index()));
            Set<String> firstTen = order.subList(0, 10).stream().map(r -> r.<String>getAs(DatasetColumns.ID)).collect(Collectors.toSet());
            assertEquals(firstTen, new HashSet<>(ids(split.test())));
            assertEquals(30, ids(split.train()).size());
        }
        // ceil(0.33 * 40) = ceil(13.2) = 14 test rows; the first 26 rows of the order train.
        Fold holdout = new CrossValidation(new FoldSpec("holdout", null, null, 0.33, null, null, null), SEED).folds(rows).get(0);
        List<Row> order = seededOrder(rows, SEED);
        Set<String> firstRows = order.subList(0, 26).stream().map(r -> r.<String>getAs(DatasetColumns.ID)).collect(Collectors.toSet());
        assertEquals(firstRows, new HashSet<>(ids(holdout.train())));
        assertEquals(14, ids(holdout.test()).size());
    }

    @Test
    void leavePOutListsCombinationsOfPositionsAndRefusesTooMany() {
        Dataset<Row> five = rows.filter(col(DatasetColumns.ID).lt("r05"));
        FoldSpec spec = new FoldSpec("leave_p_out", null, null, null, 2, null, null);
        List<Fold> folds = new CrossValidation(spec, SEED).folds(five);
        assertEquals(10, folds.size());
        List<Row> order = seededOrder(five, SEED);
        List<int[]> combos = LeavePOut.combinations(5, 2);
        for (int s = 0; s < 10; s++) {
            Set<String> expected = Set.of(order.get(combos.get(s)[0]).getAs(DatasetColumns.ID),
                    order.get(combos.get(s)[1]).getAs(DatasetColumns.ID));
            assertEquals(expected, new HashSet<>(ids(folds.get(s).test())));
            assertEquals(3, ids(folds.get(s).train()).size());
        }
        BadParameterException e = assertThrows(BadParameterException.class,
                () -> new CrossValidation(spec, SEED).folds(rows));
        assertTrue(e.getMessage().contains("C(40, 2) = 780") && e.getMessage().contains("cv.max_splits=100"), e.getMessage());
    }

    @Test
    void refusesWhenEveryClassIsSmallerThanTheFolds() {
        Dataset<Row> small = rows.filter(col(DatasetColumns.LABEL).isin("c", "d"));
        BadDataException e = assertThrows(BadDataException.class,
                () -> new CrossValidation(FoldSpec.of(CvScheme.STRATIFIED_KFOLD, 6), SEED).folds(small));
        assertTrue(e.getMessage().contains("cv.n_splits is 6") && e.getMessage().contains("'c' with 5"), e.getMessage());
    }

    @Test
    void groupSchemesRefuseMissingGroupsAndTooFewGroups() {
        Dataset<Row> withNull = rows.withColumn(DatasetColumns.GROUP,
                org.apache.spark.sql.functions.when(col(DatasetColumns.ID).equalTo("r07"), lit(null).cast("string"))
                        .otherwise(col(DatasetColumns.GROUP)));
        BadDataException missing = assertThrows(BadDataException.class,
                () -> new CrossValidation(FoldSpec.of(CvScheme.GROUP_KFOLD, 3), SEED).folds(withNull));
        assertTrue(missing.getMessage().contains("'r07'") && missing.getMessage().contains("'group'"), missing.getMessage());
        int groups = (int) rows.select(DatasetColumns.GROUP).distinct().count();
        BadDataException few = assertThrows(BadDataException.class,
                () -> new CrossValidation(FoldSpec.of(CvScheme.STRATIFIED_GROUP_KFOLD, groups + 1), SEED).folds(rows));
        assertTrue(few.getMessage().contains("cv.n_splits is " + (groups + 1))
                && few.getMessage().contains(groups + " distinct"), few.getMessage());
    }
}
