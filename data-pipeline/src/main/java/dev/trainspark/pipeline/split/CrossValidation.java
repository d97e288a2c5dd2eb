package dev.trainspark.pipeline.split;

import dev.trainspark.pipeline.random.DerivedSeed;
import dev.trainspark.pipeline.BadDataException;
import dev.trainspark.pipeline.BadParameterException;
import dev.trainspark.pipeline.ingest.DatasetColumns;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

/**
 * Cross-validation splits with scikit-learn's semantics, assigned per row with Spark joins and
 * window ranks; only per-class and per-group counts reach the driver.
 *
 * <p>The data order that scikit-learn's splitters would see is the seeded order: rows sorted by
 * {@code xxhash64(seed, id)}, then id (globally, or within a class as {@link ClassRank} does).
 * scikit-learn's unshuffled splitters applied to rows in that order give exactly these folds; its
 * {@code shuffle=True} variants correspond to a different seed. Where scikit-learn orders groups
 * or classes by value ({@code np.unique}), they are ordered here by their UTF-8 bytes, which is
 * code-point order as in numpy.
 *
 * <ul>
 *   <li>{@code kfold}, {@code stratified_kfold}: {@link KFoldAllocation},
 *       {@link StratifiedKFoldAllocation} on the seeded order.</li>
 *   <li>{@code repeated_stratified_kfold}: repeat r is {@code stratified_kfold} under
 *       {@code DerivedSeed.of(seed, r)}.</li>
 *   <li>{@code group_kfold}, {@code stratified_group_kfold}: {@link GroupKFoldAllocation},
 *       {@link StratifiedGroupKFoldAllocation}; these depend on counts only, not on the seed.</li>
 *   <li>{@code shuffle_split}: split s tests the first {@code ceil(test_size * n)} rows of the order
 *       under {@code DerivedSeed.of(seed, s)} and trains on the rest.</li>
 *   <li>{@code holdout}: {@code train_test_split(shuffle=False)} on the seeded order: the first
 *       {@code n - ceil(test_size * n)} rows train, the rest test.</li>
 *   <li>{@code leave_p_out}: every p-subset of positions, in {@code itertools.combinations} order.</li>
 *   <li>{@code bootstrap}: split b draws n positions uniformly with replacement, draw j being
 *       {@link DerivedSeed#bootstrapDraw}; train holds each drawn row once per draw, test the rows
 *       never drawn (out of bag).</li>
 * </ul>
 */
public final class CrossValidation {
    static final String POSITION = "_cv_pos";
    static final String FOLD = "_cv_fold";
    private static final String RANK = "_cv_rank";
    private static final String KEY = "_cv_key";
    private static final String LO = "_cv_lo";
    private static final String HI = "_cv_hi";

    private final FoldSpec spec;
    private final long seed;
    private List<String> warnings = List.of();

    public CrossValidation(FoldSpec spec, long seed) {
        this.spec = spec;
        this.seed = seed;
    }

    /** The splits of {@code rows} (columns id, label, group at least), in scikit-learn's order. */
    public List<Fold> folds(Dataset<Row> rows) {
        List<String> notes = new ArrayList<>();
        List<Fold> folds = switch (spec.kind()) {
            case KFOLD -> kFold(rows);
            case STRATIFIED_KFOLD -> stratified(rows, 1, false, notes);
            case REPEATED_STRATIFIED_KFOLD -> stratified(rows, spec.nRepeats(), true, notes);
            case GROUP_KFOLD -> groupKFold(rows);
            case STRATIFIED_GROUP_KFOLD -> stratifiedGroupKFold(rows, notes);
            case SHUFFLE_SPLIT -> shuffleSplit(rows);
            case HOLDOUT -> holdout(rows);
            case LEAVE_P_OUT -> leavePOut(rows);
            case BOOTSTRAP -> bootstrap(rows);
        };
        warnings = List.copyOf(notes);
        return folds;
    }

    /** scikit-learn's warnings for the last {@link #folds} call (e.g. a class smaller than n_splits). */
    public List<String> warnings() {
        return warnings;
    }

    private List<Fold> kFold(Dataset<Row> rows) {
        long n = rows.count();
        requireRowsForFolds(n);
        int k = spec.nSplits();
        long small = n / k;
        long longFolds = n % k;
        long longSpan = longFolds * (small + 1);
        Column pos = col(POSITION);
        Column fold = when(pos.lt(longSpan), pos.divide(small + 1).cast("long"))
                .otherwise(pos.minus(longSpan).divide(small).cast("long").plus(longFolds))
                .cast("int");
        return byTestFold(rows, withPosition(rows, seed).withColumn(FOLD, fold), 0);
    }

    private List<Fold> stratified(Dataset<Row> rows, int repeats, boolean derive, List<String> notes) {
        List<Fold> folds = new ArrayList<>();
        int k = spec.nSplits();
        for (int r = 0; r < repeats; r++) {
            long s = derive ? DerivedSeed.of(seed, r) : seed;
            Map<String, Long> counts = classCountsByFirstAppearance(rows, s);
            if (r == 0) {
                requireRowsForFolds(counts.values().stream().mapToLong(Long::longValue).sum());
                checkClassSizes(counts, notes);
            }
            long[][] alloc = StratifiedKFoldAllocation.allocation(
                    counts.values().stream().mapToLong(Long::longValue).toArray(), k);
            List<Row> bounds = new ArrayList<>();
            int c = 0;
            for (String label : counts.keySet()) {
                long lo = 0;
                for (int f = 0; f < k; f++) {
                    if (alloc[f][c] > 0) {
                        bounds.add(RowFactory.create(label, lo, lo + alloc[f][c], f));
                    }
                    lo += alloc[f][c];
                }
                c++;
            }
            StructType schema = new StructType().add(KEY, DataTypes.StringType).add(LO, DataTypes.LongType)
                    .add(HI, DataTypes.LongType).add(FOLD, DataTypes.IntegerType);
            Dataset<Row> table = rows.sparkSession().createDataFrame(bounds, schema);
            Dataset<Row> ranked = rows.withColumn(RANK, ClassRank.rank(s).minus(1));
            Dataset<Row> assigned = ranked.join(broadcast(table), ranked.col(DatasetColumns.LABEL).equalTo(table.col(KEY))
                    .and(ranked.col(RANK).geq(table.col(LO))).and(ranked.col(RANK).lt(table.col(HI))));
            folds.addAll(byTestFold(rows, assigned, r));
        }
        return folds;
    }

    private List<Fold> groupKFold(Dataset<Row> rows) {
        requireGroups(rows);
        List<Row> sizes = rows.groupBy(DatasetColumns.GROUP).count().orderBy(DatasetColumns.GROUP).collectAsList();
        requireGroupsForFolds(sizes.size());
        int[] folds = GroupKFoldAllocation.groupFolds(sizes.stream().mapToLong(row -> row.getLong(1)).toArray(),
                spec.nSplits());
        List<String> names = sizes.stream().map(row -> row.getString(0)).toList();
        return byTestFold(rows, joinGroupFolds(rows, names, folds), 0);
    }

    private List<Fold> stratifiedGroupKFold(Dataset<Row> rows, List<String> notes) {
        requireGroups(rows);
        List<Row> classRows = rows.groupBy(DatasetColumns.LABEL).count().orderBy(DatasetColumns.LABEL).collectAsList();
        Map<String, Long> classCounts = new LinkedHashMap<>();
        classRows.forEach(row -> classCounts.put(row.getString(0), row.getLong(1)));
        requireRowsForFolds(classCounts.values().stream().mapToLong(Long::longValue).sum());
        checkClassSizes(classCounts, notes);
        Map<String, Integer> classIndex = new HashMap<>();
        classCounts.keySet().forEach(label -> classIndex.put(label, classIndex.size()));

        List<Row> cells = rows.groupBy(DatasetColumns.GROUP, DatasetColumns.LABEL).count()
                .orderBy(DatasetColumns.GROUP, DatasetColumns.LABEL).collectAsList();
        List<String> groups = new ArrayList<>();
        List<long[]> counts = new ArrayList<>();
        for (Row cell : cells) {
            String group = cell.getString(0);
            if (groups.isEmpty() || !groups.get(groups.size() - 1).equals(group)) {
                groups.add(group);
                counts.add(new long[classCounts.size()]);
            }
            counts.get(counts.size() - 1)[classIndex.get(cell.getString(1))] = cell.getLong(2);
        }
        requireGroupsForFolds(groups.size());
        int[] folds = StratifiedGroupKFoldAllocation.groupFolds(counts.toArray(long[][]::new), spec.nSplits());
        return byTestFold(rows, joinGroupFolds(rows, groups, folds), 0);
    }

    private List<Fold> shuffleSplit(Dataset<Row> rows) {
        ShuffleSplitSizes sizes = sizes(rows.count());
        List<Fold> folds = new ArrayList<>();
        for (int s = 0; s < spec.nSplits(); s++) {
            Dataset<Row> positioned = withPosition(rows, DerivedSeed.of(seed, s));
            folds.add(new Fold(s, 0, original(rows, positioned.filter(col(POSITION).geq(sizes.test()))),
                    original(rows, positioned.filter(col(POSITION).lt(sizes.test())))));
        }
        return folds;
    }

    private List<Fold> holdout(Dataset<Row> rows) {
        ShuffleSplitSizes sizes = sizes(rows.count());
        Dataset<Row> positioned = withPosition(rows, seed);
        return List.of(new Fold(0, 0, original(rows, positioned.filter(col(POSITION).lt(sizes.train()))),
                original(rows, positioned.filter(col(POSITION).geq(sizes.train())))));
    }

    private List<Fold> leavePOut(Dataset<Row> rows) {
        long n = rows.count();
        int p = spec.p();
        if (p >= n) {
            throw new BadDataException("cv.p is " + p + " but the dataset has only " + n
                    + " row(s); accepted: cv.p < the number of rows");
        }
        BigInteger splits = LeavePOut.count(n, p);
        if (splits.compareTo(BigInteger.valueOf(spec.maxSplits())) > 0) {
            throw new BadParameterException("cv.scheme=leave_p_out with cv.p=" + p + " on " + n + " rows gives C(" + n
                    + ", " + p + ") = " + splits + " splits, more than cv.max_splits=" + spec.maxSplits()
                    + "; accepted: cv.max_splits >= " + splits + ", a smaller cv.p, or a k-fold scheme");
        }
        Dataset<Row> positioned = withPosition(rows, seed);
        List<Fold> folds = new ArrayList<>();
        int index = 0;
        for (int[] test : LeavePOut.combinations((int) n, p)) {
            Object[] positions = Arrays.stream(test).mapToObj(i -> (long) i).toArray();
            Column inTest = col(POSITION).isin(positions);
            folds.add(new Fold(index++, 0, original(rows, positioned.filter(inTest.unary_$bang())),
                    original(rows, positioned.filter(inTest))));
        }
        return folds;
    }

    private List<Fold> bootstrap(Dataset<Row> rows) {
        long n = rows.count();
        if (n == 0) {
            throw new BadDataException("the dataset has no rows; cv.scheme=bootstrap needs at least one");
        }
        Dataset<Row> positioned = withPosition(rows, seed);
        SparkSession spark = rows.sparkSession();
        List<Fold> folds = new ArrayList<>();
        for (int b = 0; b < spec.nBootstraps(); b++) {
            Dataset<Row> draws = spark.range(0, n).map(drawOf(seed, b, n), Encoders.LONG()).toDF(POSITION);
            Dataset<Row> train = draws.join(positioned, POSITION);
            Dataset<Row> drawn = draws.withColumnRenamed(POSITION, KEY);
            Dataset<Row> test = positioned.join(drawn, positioned.col(POSITION).equalTo(drawn.col(KEY)), "left_anti");
            folds.add(new Fold(b, 0, original(rows, train), original(rows, test)));
        }
        return folds;
    }

    private static MapFunction<Long, Long> drawOf(long seed, int b, long n) {
        return j -> DerivedSeed.bootstrapDraw(seed, b, j, n);
    }

    private ShuffleSplitSizes sizes(long n) {
        ShuffleSplitSizes sizes = ShuffleSplitSizes.of(n, spec.testSize());
        if (sizes.train() < 1) {
            throw new BadDataException("cv.test_size is " + spec.testSize() + ", which leaves no training row of " + n
                    + "; accepted: a cv.test_size with ceil(test_size * " + n + ") < " + n);
        }
        return sizes;
    }

    /**
     * Adds each row's 0-based position in the seeded order: a global sort by (hash, id), numbered
     * with zipWithIndex. Only ids and positions travel; the result is joined back to the rows.
     */
    static Dataset<Row> withPosition(Dataset<Row> rows, long seed) {
        Dataset<Row> sorted = rows.select(col(DatasetColumns.ID), xxhash64(lit(seed), col(DatasetColumns.ID)).as("_cv_h"))
                .sort(col("_cv_h"), col(DatasetColumns.ID));
        StructType schema = new StructType().add(KEY, DataTypes.StringType, false).add(POSITION, DataTypes.LongType, false);
        Dataset<Row> positions = rows.sparkSession().createDataFrame(
                sorted.javaRDD().zipWithIndex().map(t -> RowFactory.create(t._1().getString(0), t._2())), schema);
        return rows.join(positions, rows.col(DatasetColumns.ID).equalTo(positions.col(KEY))).drop(KEY);
    }

    private Dataset<Row> joinGroupFolds(Dataset<Row> rows, List<String> groups, int[] folds) {
        List<Row> table = new ArrayList<>();
        for (int g = 0; g < groups.size(); g++) {
            table.add(RowFactory.create(groups.get(g), folds[g]));
        }
        Dataset<Row> map = rows.sparkSession().createDataFrame(table,
                new StructType().add(KEY, DataTypes.StringType).add(FOLD, DataTypes.IntegerType));
        return rows.join(broadcast(map), rows.col(DatasetColumns.GROUP).equalTo(map.col(KEY)));
    }

    private List<Fold> byTestFold(Dataset<Row> rows, Dataset<Row> assigned, int repeat) {
        List<Fold> folds = new ArrayList<>();
        for (int f = 0; f < spec.nSplits(); f++) {
            folds.add(new Fold(f, repeat, original(rows, assigned.filter(col(FOLD).notEqual(f))),
                    original(rows, assigned.filter(col(FOLD).equalTo(f)))));
        }
        return folds;
    }

    private static Dataset<Row> original(Dataset<Row> rows, Dataset<Row> derived) {
        return derived.select(Arrays.stream(rows.columns()).map(derived::col).toArray(Column[]::new));
    }

    /** Class sizes, classes in order of their first row in the seeded order. */
    private static Map<String, Long> classCountsByFirstAppearance(Dataset<Row> rows, long s) {
        List<Row> stats = rows.groupBy(DatasetColumns.LABEL)
                .agg(count(lit(1)).as("_cv_n"), min(struct(xxhash64(lit(s), col(DatasetColumns.ID)), col(DatasetColumns.ID))).as("_cv_first"))
                .orderBy("_cv_first").collectAsList();
        Map<String, Long> counts = new LinkedHashMap<>();
        stats.forEach(row -> counts.put(row.getString(0), row.getLong(1)));
        return counts;
    }

    private void checkClassSizes(Map<String, Long> counts, List<String> notes) {
        int k = spec.nSplits();
        Map.Entry<String, Long> largest = counts.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow();
        Map.Entry<String, Long> smallest = counts.entrySet().stream().min(Map.Entry.comparingByValue()).orElseThrow();
        if (largest.getValue() < k) {
            throw new BadDataException("cv.n_splits is " + k + ", more than the rows of every class in column '"
                    + DatasetColumns.LABEL + "' (largest: '" + largest.getKey() + "' with " + largest.getValue()
                    + "); accepted: cv.n_splits <= " + largest.getValue());
        }
        if (smallest.getValue() < k) {
            notes.add("The least populated class in y ('" + smallest.getKey() + "') has only " + smallest.getValue()
                    + " members, which is less than cv.n_splits=" + k + ".");
        }
    }

    private void requireRowsForFolds(long n) {
        if (spec.nSplits() > n) {
            throw new BadDataException("cv.n_splits is " + spec.nSplits() + ", more than the " + n
                    + " row(s) of the dataset; accepted: cv.n_splits <= " + n);
        }
    }

    private void requireGroupsForFolds(int groups) {
        if (spec.nSplits() > groups) {
            throw new BadDataException("cv.n_splits is " + spec.nSplits() + ", more than the " + groups
                    + " distinct value(s) of column '" + DatasetColumns.GROUP + "'; accepted: cv.n_splits <= " + groups);
        }
    }

    private void requireGroups(Dataset<Row> rows) {
        List<Row> missing = rows.filter(col(DatasetColumns.GROUP).isNull()).select(DatasetColumns.ID).limit(1).collectAsList();
        if (!missing.isEmpty()) {
            throw new BadDataException("row '" + missing.get(0).getString(0) + "' has no value in column '"
                    + DatasetColumns.GROUP + "'; cv.scheme=" + spec.scheme() + " needs a group on every row");
        }
    }
}
