package dev.trainspark.pipeline.rebalance;

import dev.trainspark.pipeline.ParameterChecks;
import dev.trainspark.pipeline.BadDataException;
import dev.trainspark.pipeline.BadParameterException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import dev.trainspark.pipeline.split.ClassRank;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.shiftrightunsigned;
import static org.apache.spark.sql.functions.xxhash64;

/**
 * The pieces the SMOTE family shares: seeded draws computed per row from a hash of (seed, purpose,
 * keys) — so a draw depends on what it is for, never on where it runs — class sizes, parameter
 * checks, and the assembly of synthetic recipe rows.
 */
final class SyntheticDraws {
    static final String LAMBDA_SALT = "lambda";
    static final String NEIGHBOUR_SALT = "neighbour";
    static final String BASE_SALT = "base";
    /**
     * Join hint for every join on row-level tables: a broadcast hash join builds its table on the
     * driver in a memory page of up to 64 MiB however small the table, a cost the driver's heap
     * budget does not allow.
     */
    static final String SHUFFLE_JOIN = "merge";

    private SyntheticDraws() {
    }

    /** A 64-bit hash of the seed, the purpose of the draw and its keys. */
    static Column hash(long seed, String purpose, Column... keys) {
        Column[] all = new Column[keys.length + 2];
        all[0] = lit(seed);
        all[1] = lit(purpose);
        System.arraycopy(keys, 0, all, 2, keys.length);
        return xxhash64(all);
    }

    /** A uniform integer in [0, n) (bias below n / 2^63, negligible for any class size). */
    static Column index(Column hash, Column n) {
        return pmod(hash, n.cast("long"));
    }

    /** A uniform double in [0, 1): the top 53 bits of the hash. */
    static Column unit(Column hash) {
        return shiftrightunsigned(hash, 11).cast("double").multiply(lit(1.0 / (1L << 53)));
    }

    /** Rows per label. */
    static Map<String, Long> classSizes(Dataset<Row> rows) {
        Map<String, Long> sizes = new TreeMap<>();
        for (Row r : rows.groupBy(col(RebalanceColumns.LABEL)).agg(count(lit(1))).collectAsList()) {
            sizes.put(r.getString(0), r.getLong(1));
        }
        return sizes;
    }

    /** The classes of {@code toGenerate} with a positive count, each checked to exist in the training rows. */
    static Map<String, Long> positiveTargets(Map<String, Long> toGenerate, Map<String, Long> sizes) {
        Map<String, Long> targets = new TreeMap<>();
        toGenerate.forEach((label, n) -> {
            if (n == null || n < 0) {
                throw new IllegalArgumentException("number of synthetic rows for class '" + label + "' = " + n
                        + ": expected an integer >= 0");
            }
            if (n > 0) {
                if (!sizes.containsKey(label)) {
                    throw new BadDataException("class '" + label + "' has no training rows to synthesise "
                            + n + " rows from; classes present: " + sizes.keySet());
                }
                targets.put(label, n);
            }
        });
        return targets;
    }

    /**
     * The interpolation partners of a row are its k nearest neighbours within its class, so the class
     * needs more than k rows, as imbalanced-learn requires ({@code n_neighbors <= n_samples_fit} with
     * the row itself among them).
     */
    static void checkNeighboursWithinClass(String key, int k, String label, long classSize) {
        if (k < 1 || k >= classSize) {
            throw ParameterChecks.AGAINST_DATA.rejection(key, k, "an integer from 1 to " + (classSize - 1) + " for class '"
                    + label + "' of " + classSize + " training rows (each row needs k neighbours of its own class besides itself)");
        }
    }

    /** Checks a neighbour count against the whole training set (the row itself excluded). */
    static void checkNeighboursOverall(String key, int k, long trainSize) {
        if (k < 1 || k >= trainSize) {
            throw ParameterChecks.AGAINST_DATA.rejection(key, k, "an integer from 1 to " + (trainSize - 1) + " with "
                    + trainSize + " training rows");
        }
    }

    /**
     * {@code toGenerate.get(c)} synthetic rows for each class c, draw j of class c made from hashes of
     * (seed, c, j): a base row uniform over the class's pool rows, taken by their seeded
     * {@link ClassRank} order; one of the base row's k neighbours, uniform; lambda uniform in [0, 1).
     * The draws are rows of a {@code range}, joined to the pool by rank and to the neighbour lists by
     * id, so they are made on the executors.
     *
     * @param method     prefix of the new ids: {@code method#label#j}
     * @param poolSizes  rows of the pool per class (every class of {@code toGenerate} needs one)
     * @param pool       candidate base rows ({@code id, label})
     * @param neighbours neighbour lists ({@link NearestNeighbours#SCHEMA}) of the pool rows, k long
     */
    static Dataset<Row> interpolate(String method, Map<String, Long> toGenerate, Map<String, Long> poolSizes,
                                    Dataset<Row> pool, Dataset<Row> neighbours, int k, long seed) {
        Dataset<Row> draws = draws(pool.sparkSession(), toGenerate, poolSizes, k, seed);
        Dataset<Row> ranked = pool.select(col(RebalanceColumns.ID).as("_base_id"),
                col(RebalanceColumns.LABEL).as("_base_label"), ClassRank.rank(seed).as("_rank"));
        Dataset<Row> lists = neighbours.select(col(RebalanceColumns.ID).as("_list_id"), col(NearestNeighbours.NEIGHBOURS));
        return recipes(method, byBaseRank(draws, ranked).join(lists.hint(SHUFFLE_JOIN), col("_base_id").equalTo(col("_list_id"))));
    }

    /**
     * {@link #interpolate} where the pool is exactly the rows of {@code lists} (each row of a class
     * that is oversampled, as SMOTE has it): the lists are ranked and joined to the draws once, the
     * same recipes with one shuffle join fewer and without reading the pool again.
     */
    static Dataset<Row> interpolateOverLists(String method, Map<String, Long> toGenerate, Map<String, Long> poolSizes,
                                             Dataset<Row> lists, int k, long seed) {
        Dataset<Row> draws = draws(lists.sparkSession(), toGenerate, poolSizes, k, seed);
        Dataset<Row> ranked = lists.select(col(RebalanceColumns.ID).as("_base_id"),
                col(RebalanceColumns.LABEL).as("_base_label"), ClassRank.rank(seed).as("_rank"),
                col(NearestNeighbours.NEIGHBOURS));
        return recipes(method, byBaseRank(draws, ranked));
    }

    /** Each draw beside its base row: the row of its class whose seeded rank is the draw's. */
    private static Dataset<Row> byBaseRank(Dataset<Row> draws, Dataset<Row> ranked) {
        return draws.join(ranked.hint(SHUFFLE_JOIN),
                col("_class").equalTo(col("_base_label")).and(col("_base_rank").equalTo(col("_rank"))));
    }

    /** Draw j of each class as a row: {@code _class, _j, _base_rank, _neighbour_pos, lambda}. */
    private static Dataset<Row> draws(SparkSession spark, Map<String, Long> toGenerate, Map<String, Long> poolSizes,
                                      int k, long seed) {
        List<Row> classRows = new ArrayList<>();
        long most = 0;
        for (Map.Entry<String, Long> e : toGenerate.entrySet()) {
            classRows.add(RowFactory.create(e.getKey(), e.getValue(), poolSizes.get(e.getKey())));
            most = Math.max(most, e.getValue());
        }
        StructType classSchema = new StructType()
                .add("_class", DataTypes.StringType, false)
                .add("_n", DataTypes.LongType, false)
                .add("_pool", DataTypes.LongType, false);
        Dataset<Row> classes = spark.createDataFrame(classRows, classSchema);
        Column label = col("_class");
        Column j = col("_j");
        return spark.range(most).withColumnRenamed("id", "_j")
                .crossJoin(broadcast(classes))
                .filter(j.lt(col("_n")))
                .select(label, j,
                        index(hash(seed, BASE_SALT, label, j), col("_pool")).plus(1).as("_base_rank"),
                        index(hash(seed, NEIGHBOUR_SALT, label, j), lit(k)).plus(1).as("_neighbour_pos"),
                        unit(hash(seed, LAMBDA_SALT, label, j)).as(RebalanceColumns.LAMBDA));
    }

    /** The recipes of draws joined to their base row ({@code _base_id}) and its {@code neighbours}. */
    private static Dataset<Row> recipes(String method, Dataset<Row> withPartner) {
        Column label = col("_class");
        return recipes(withPartner.select(
                concat_ws("#", lit(method), label, col("_j").cast("string")).as(RebalanceColumns.ID),
                label.as(RebalanceColumns.LABEL),
                col("_base_id").as(RebalanceColumns.PARENT_A),
                element_at(col(NearestNeighbours.NEIGHBOURS), col("_neighbour_pos").cast("int"))
                        .getField(RebalanceColumns.ID).as(RebalanceColumns.PARENT_B),
                col(RebalanceColumns.LAMBDA)));
    }

    /**
     * Recipe rows of kind synthetic from columns {@code id, label, parent_a, parent_b, lambda}, in
     * {@link RebalanceColumns#SCHEMA}'s order.
     */
    static Dataset<Row> recipes(Dataset<Row> draws) {
        return draws.select(
                col(RebalanceColumns.ID),
                col(RebalanceColumns.LABEL),
                lit(RebalanceColumns.SYNTHETIC).as(RebalanceColumns.KIND),
                col(RebalanceColumns.PARENT_A),
                col(RebalanceColumns.PARENT_B),
                col(RebalanceColumns.LAMBDA).cast("double").as(RebalanceColumns.LAMBDA),
                lit(null).cast("long").as(RebalanceColumns.NOISE_SEED),
                lit(null).cast("double").as(RebalanceColumns.NOISE_SCALE));
    }
}
