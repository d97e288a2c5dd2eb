package dev.trainspark.pipeline.split;

import dev.trainspark.pipeline.BadDataException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.apache.spark.sql.functions.col;

/** Seeded stratified holdout: per class, the first rows by seeded rank form the test split. */
public final class StratifiedHoldout {
    private final HoldoutSpec spec;
    private final long seed;

    public StratifiedHoldout(HoldoutSpec spec, long seed) {
        this.spec = spec;
        this.seed = seed;
    }

    /** Test-split size of each class; refuses a class that would be left with no training row. */
    public Map<String, Long> testCounts(Map<String, Long> classSizes) {
        Map<String, Long> counts = new LinkedHashMap<>();
        classSizes.forEach((label, n) -> {
            long test = spec.testCount(n);
            if (n - test < 1) {
                throw new BadDataException("class '" + label + "' has " + n + " image(s), too few for a holdout split "
                        + (spec.testPerClass() != null ? "with split.test_per_class=" + spec.testPerClass()
                        : "with split.test_fraction=" + spec.testFraction())
                        + "; accepted: every class keeps at least one training image (add images or lower the test size)");
            }
            counts.put(label, test);
        });
        return counts;
    }

    public Split apply(Dataset<Row> rows, Map<String, Long> classSizes) {
        return split(rows, testCounts(classSizes), seed);
    }

    /** Per class, the first {@code testCounts} rows by the rank {@code seed} gives go to the test side. */
    static Split split(Dataset<Row> rows, Map<String, Long> testCounts, long seed) {
        Dataset<Row> ranked = rows.withColumn("_rank", ClassRank.rank(seed))
                .withColumn("_test", ClassRank.perClass(testCounts));
        Dataset<Row> test = ranked.filter(col("_rank").leq(col("_test"))).drop("_rank", "_test");
        Dataset<Row> train = ranked.filter(col("_rank").gt(col("_test"))).drop("_rank", "_test");
        return new Split(train, test);
    }

    /** The two sides of a holdout split. */
    public record Split(Dataset<Row> train, Dataset<Row> test) {
    }
}
