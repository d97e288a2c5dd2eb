package dev.trainspark.pipeline.rebalance;

import dev.trainspark.pipeline.ingest.DatasetColumns;
import dev.trainspark.pipeline.split.ClassRank;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

import java.util.Map;
import java.util.TreeMap;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.when;

/**
 * imbalanced-learn's RandomUnderSampler on recipe rows. Each targeted class keeps its resolved
 * number of rows; classes the strategy does not target are kept whole.
 * <ul>
 *   <li>Without replacement: the first n rows of the class by seeded rank.</li>
 *   <li>With replacement: n uniform draws with replacement. A row drawn m times appears once as
 *       itself (kind {@code original}) and m - 1 times as kind {@code duplicate} with ids
 *       {@code <id>#d1 .. <id>#d(m-1)}, so ids stay unique and the class has exactly n rows.</li>
 * </ul>
 */
public final class RandomUnderSampler implements Resampler {
    /** {@code random_under}, with or without replacement. */
    public static final RebalanceMethod METHOD = RebalanceMethod.of("random_under", SamplerType.UNDER_SAMPLING, false,
            c -> new RandomUnderSampler(c.perClass(), c.targets(), c.spec().replacement(), c.seed()));

    private final Map<String, Long> classCounts;
    private final Map<String, Long> toKeep;
    private final boolean replacement;
    private final long seed;

    /**
     * @param classCounts rows per class in the training set
     * @param toKeep      rows to keep per targeted class ({@link SamplingStrategy#resolve} for
     *                    {@link SamplerType#UNDER_SAMPLING})
     */
    public RandomUnderSampler(Map<String, Long> classCounts, Map<String, Long> toKeep, boolean replacement, long seed) {
        this.classCounts = new TreeMap<>(classCounts);
        this.toKeep = new TreeMap<>(toKeep);
        this.replacement = replacement;
        this.seed = seed;
        this.toKeep.forEach((label, n) -> {
            Long size = this.classCounts.get(label);
            if (size == null || n < 0 || n > size) {
                throw new IllegalArgumentException("class '" + label + "' cannot keep " + n + " rows: it has "
                        + size + "; accepted: 0 to the class size");
            }
        });
    }

    @Override
    public Dataset<Row> resample(Dataset<Row> train) {
        Map<String, Long> limits = new TreeMap<>(classCounts);
        limits.putAll(toKeep);
        if (!replacement) {
            return RebalanceColumns.originals(ClassRank.firstPerClass(train, limits, seed));
        }
        Column targeted = col(DatasetColumns.LABEL).isin(toKeep.keySet().toArray());
        Dataset<Row> untouched = RebalanceColumns.originals(train.filter(not(targeted)));

        Dataset<Row> draws = ClassDraws.draws(train.sparkSession(), toKeep, classCounts, seed)
                .groupBy(DatasetColumns.LABEL, ClassDraws.RANK).agg(count(lit(1)).as("_times"));
        Dataset<Row> ranked = ClassDraws.ranked(train.filter(targeted).select(DatasetColumns.ID, DatasetColumns.LABEL), seed);
        Dataset<Row> drawn = ranked.join(draws, scala.collection.JavaConverters
                        .asScalaBuffer(java.util.List.of(DatasetColumns.LABEL, ClassDraws.RANK)).toSeq())
                .select(col(DatasetColumns.ID), col(DatasetColumns.LABEL),
                        explode(sequence(lit(0L), col("_times").minus(1))).as("_copy"));
        Column copy = col("_copy");
        Dataset<Row> recipes = drawn.select(
                when(copy.equalTo(0), col(DatasetColumns.ID))
                        .otherwise(concat(col(DatasetColumns.ID), lit("#d"), copy.cast(DataTypes.StringType)))
                        .as(RebalanceColumns.ID),
                col(DatasetColumns.LABEL).as(RebalanceColumns.LABEL),
                when(copy.equalTo(0), lit(RebalanceColumns.ORIGINAL)).otherwise(lit(RebalanceColumns.DUPLICATE))
                        .as(RebalanceColumns.KIND),
                col(DatasetColumns.ID).as(RebalanceColumns.PARENT_A),
                lit(null).cast(DataTypes.StringType).as(RebalanceColumns.PARENT_B),
                lit(null).cast(DataTypes.DoubleType).as(RebalanceColumns.LAMBDA),
                lit(null).cast(DataTypes.LongType).as(RebalanceColumns.NOISE_SEED),
                lit(null).cast(DataTypes.DoubleType).as(RebalanceColumns.NOISE_SCALE));
        return untouched.unionByName(recipes);
    }
}
