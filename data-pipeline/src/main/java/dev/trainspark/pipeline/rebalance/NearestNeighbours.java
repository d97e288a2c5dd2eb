package dev.trainspark.pipeline.rebalance;

import dev.trainspark.pipeline.ingest.DatasetColumns;
import org.apache.spark.ml.feature.BucketedRandomProjectionLSH;
import org.apache.spark.ml.feature.BucketedRandomProjectionLSHModel;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.stat.Summarizer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.apache.spark.ml.functions.array_to_vector;
import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.slice;
import static org.apache.spark.sql.functions.struct;

/**
 * k nearest neighbours by Euclidean distance on the {@code thumb} column, a row never being its own
 * neighbour (rows are matched by id). Ties in distance are broken by id, so the lists are the same
 * on every run and partitioning.
 *
 * <p>Result ({@link #SCHEMA}): {@code id}, {@code label} of the query row, and {@code neighbours}:
 * {@code array<struct<distance: double, id: string, label: string>>} sorted by (distance, id), at
 * most k long.
 *
 * <p>Search: a reference set (one class for {@link #withinClass}, the whole reference for
 * {@link #overAll}) of at most {@code knn_exact_max_class_size} rows is searched exactly, blockwise
 * ({@link BlockwiseKnn}). A larger one goes through MLlib's {@link BucketedRandomProjectionLSH}
 * ({@code lsh_num_tables} tables, seeded): {@code approxSimilarityJoin} pairs every query with the
 * reference rows sharing a bucket in some table and closer than the threshold, and the k nearest of
 * those are kept (for {@link #withinClass}, one join over the rows of all classes above the limit,
 * keeping same-class pairs). The threshold is the root-mean-square distance between two random reference rows,
 * {@code sqrt(2 * sum_d var_d)}: a pair farther apart than that is not a near neighbour. When
 * {@code lsh_bucket_length} is null it is {@code sqrt(sum_d var_d / dims) / 2}, half the standard
 * deviation of the reference rows projected on a random unit direction (variances over the reference
 * rows). Query rows the LSH leaves with fewer than k candidates are searched again exactly against
 * the whole reference set; their number is reported as {@link NeighbourLists#lshFallbackRows()}.
 */
public final class NearestNeighbours {
    public static final String NEIGHBOURS = "neighbours";
    public static final String DISTANCE = "distance";
    static final String THUMB = DatasetColumns.THUMB;

    public static final StructType NEIGHBOUR = new StructType()
            .add(DISTANCE, DataTypes.DoubleType, false)
            .add(RebalanceColumns.ID, DataTypes.StringType, false)
            .add(RebalanceColumns.LABEL, DataTypes.StringType, false);

    public static final StructType SCHEMA = new StructType()
            .add(RebalanceColumns.ID, DataTypes.StringType, false)
            .add(RebalanceColumns.LABEL, DataTypes.StringType, false)
            .add(NEIGHBOURS, DataTypes.createArrayType(NEIGHBOUR, false), false);

    private static final String VECTOR = "_vector";

    private final KnnSettings settings;
    private final long seed;
    private final BlockwiseKnn exact;

    public NearestNeighbours(KnnSettings settings, long seed) {
        this.settings = settings;
        this.seed = seed;
        this.exact = new BlockwiseKnn(settings.blockRows(), seed);
    }

    /** Each row's k nearest neighbours among the rows of its own class. */
    public NeighbourLists withinClass(Dataset<Row> rows, int k) {
        return withinClass(rows, k, SyntheticDraws.classSizes(rows));
    }

    /**
     * {@link #withinClass(Dataset, int)} for a caller that has already counted the rows of each
     * class ({@code sizes}, exactly the classes of {@code rows}): one pass over the data fewer.
     */
    NeighbourLists withinClass(Dataset<Row> rows, int k, Map<String, Long> sizes) {
        List<String> small = new ArrayList<>();
        List<String> large = new ArrayList<>();
        sizes.forEach((label, n) -> (n <= settings.exactMaxClassSize() ? small : large).add(label));
        List<Dataset<Row>> parts = new ArrayList<>();
        if (!small.isEmpty()) {
            Dataset<Row> smallRows = rows.filter(col(RebalanceColumns.LABEL).isin(small.toArray()));
            Map<String, Long> smallSizes = new TreeMap<>(sizes);
            smallSizes.keySet().retainAll(small);
            parts.add(exact.neighbours(smallRows, smallRows, k, true, smallSizes));
        }
        long fallback = 0;
        if (!large.isEmpty()) {
            // One LSH join for all large classes; pairs across classes are dropped after the join.
            Dataset<Row> largeRows = rows.filter(col(RebalanceColumns.LABEL).isin(large.toArray()));
            NeighbourLists approx = approximate(largeRows, largeRows, k, true);
            parts.add(approx.rows());
            fallback = approx.lshFallbackRows();
        }
        Dataset<Row> all = parts.get(0);
        for (int i = 1; i < parts.size(); i++) {
            all = all.unionByName(parts.get(i));
        }
        return new NeighbourLists(all, fallback);
    }

    /** Each query row's k nearest neighbours among all reference rows, whatever their class. */
    public NeighbourLists overAll(Dataset<Row> queries, Dataset<Row> reference, int k) {
        long referenceRows = reference.count();
        if (referenceRows <= settings.exactMaxClassSize()) {
            // A set against itself (Tomek links) is searched with the count in hand.
            return new NeighbourLists(exact.neighbours(queries, reference, k, false, Map.of("", referenceRows)), 0);
        }
        return approximate(queries, reference, k, false);
    }

    private NeighbourLists approximate(Dataset<Row> queries, Dataset<Row> reference, int k, boolean sameLabel) {
        Dataset<Row> ref = withVector(reference);
        Row stats = ref.select(Summarizer.variance(col(VECTOR))).head();
        Vector variances = stats.getAs(0);
        double totalVariance = 0;
        for (int d = 0; d < variances.size(); d++) {
            totalVariance += variances.apply(d);
        }
        double bucketLength = settings.lshBucketLength() != null ? settings.lshBucketLength()
                : Math.max(Math.sqrt(totalVariance / Math.max(1, variances.size())) / 2, Double.MIN_NORMAL);
        double threshold = Math.max(Math.sqrt(2 * totalVariance), Double.MIN_NORMAL);
        BucketedRandomProjectionLSHModel model = new BucketedRandomProjectionLSH()
                .setInputCol(VECTOR).setOutputCol("_hashes")
                .setNumHashTables(settings.lshNumTables())
                .setBucketLength(bucketLength)
                .setSeed(seed)
                .fit(ref);
        Dataset<Row> pairs = model.approxSimilarityJoin(withVector(queries), ref, threshold, DISTANCE).toDF()
                .filter(col("datasetA.id").notEqual(col("datasetB.id")));
        if (sameLabel) {
            pairs = pairs.filter(col("datasetA.label").equalTo(col("datasetB.label")));
        }
        Dataset<Row> candidates = pairs
                .groupBy(col("datasetA.id").as(RebalanceColumns.ID), col("datasetA.label").as(RebalanceColumns.LABEL))
                .agg(slice(array_sort(collect_list(struct(col(DISTANCE), col("datasetB.id").as(RebalanceColumns.ID),
                        col("datasetB.label").as(RebalanceColumns.LABEL)))), 1, k).as(NEIGHBOURS))
                .persist(StorageLevel.MEMORY_AND_DISK());
        Dataset<Row> complete = candidates.filter(size(col(NEIGHBOURS)).geq(k));
        Dataset<Row> shortRows = queries.join(complete.select(col(RebalanceColumns.ID)).hint(SyntheticDraws.SHUFFLE_JOIN),
                queries.col(RebalanceColumns.ID).equalTo(complete.col(RebalanceColumns.ID)), "left_anti");
        long fallback = shortRows.count();
        Dataset<Row> result = complete;
        if (fallback > 0) {
            result = result.unionByName(exact.neighbours(shortRows, reference, k, sameLabel));
        }
        return new NeighbourLists(result, fallback);
    }

    private static Dataset<Row> withVector(Dataset<Row> rows) {
        return rows.select(col(RebalanceColumns.ID), col(RebalanceColumns.LABEL), array_to_vector(col(THUMB)).as(VECTOR));
    }

    /** Euclidean distance, accumulated in double in index order (the order every search uses). */
    static double distance(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            double d = (double) a[i] - (double) b[i];
            sum += d * d;
        }
        return Math.sqrt(sum);
    }

    /**
     * {@link #distance}, or positive infinity as soon as the partial sum of squares exceeds
     * {@code limit}: a candidate that can no longer enter a full top-k list is dropped without
     * finishing its sum. The limit carries a relative margin above the k-th best squared distance,
     * so a candidate that would tie it is always finished and compared by id, keeping the search exact.
     */
    static double distanceBelow(float[] a, float[] b, double limit) {
        double sum = 0;
        int i = 0;
        while (i < a.length) {
            int end = Math.min(a.length, i + 64);
            for (; i < end; i++) {
                double d = (double) a[i] - (double) b[i];
                sum += d * d;
            }
            if (sum > limit) {
                return Double.POSITIVE_INFINITY;
            }
        }
        return Math.sqrt(sum);
    }

    /** (distance, id) order; ids compare by code point, as Spark orders strings. */
    static int compare(double distanceA, String idA, double distanceB, String idB) {
        int byDistance = Double.compare(distanceA, distanceB);
        if (byDistance != 0) {
            return byDistance;
        }
        int i = 0;
        int j = 0;
        while (i < idA.length() && j < idB.length()) {
            int ca = idA.codePointAt(i);
            int cb = idB.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(idA.length() - i, idB.length() - j);
    }
}
