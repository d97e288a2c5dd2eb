package dev.trainspark.pipeline.rebalance;

import dev.trainspark.pipeline.ParameterChecks;
import dev.trainspark.pipeline.ingest.DatasetColumns;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.xxhash64;

/**
 * imbalanced-learn's RandomOverSampler on recipe rows: every original row, plus for each class the
 * resolved number of extra rows of kind {@code duplicate}, each a uniform draw with replacement
 * from the class. Duplicate j of parent p's class gets the id {@code p#d<j>}. With a shrinkage
 * (smoothed bootstrap) each duplicate also carries its own noise seed and the noise scale
 * {@code shrinkage * smoothingConstant}; the per-class pixel deviations come from
 * {@link SmoothedNoise#classStd}.
 */
public final class RandomOverSampler implements Resampler {
    /** {@code random_over}: plain copies, or a smoothed bootstrap when {@code rebalance.shrinkage} is set. */
    public static final RebalanceMethod METHOD = new RebalanceMethod("random_over", SamplerType.OVER_SAMPLING, false,
            spec -> Optional.empty(), (c, train) -> {
                if (c.spec().shrinkage() == null) {
                    return List.of(RebalanceMethod.Resampled.of(copies(c.perClass(), c.targets(), c.seed()).resample(train)));
                }
                RandomOverSampler sampler = smoothed(c.perClass(), c.targets(), c.seed(), c.spec().shrinkage(), c.shape().size());
                Map<String, float[]> pixelStd = SmoothedNoise.classStd(train, c.shape(), c.targets().keySet());
                return List.of(new RebalanceMethod.Resampled(sampler.resample(train), null, pixelStd, null));
            });

    // A second stream of hashes so that noise seeds are not the same numbers as the draws.
    private static final long NOISE_SALT = 0x5DEECE66DL;

    private final Map<String, Long> classCounts;
    private final Map<String, Long> toAdd;
    private final long seed;
    private final Double noiseScale;

    private RandomOverSampler(Map<String, Long> classCounts, Map<String, Long> toAdd, long seed, Double noiseScale) {
        this.classCounts = new TreeMap<>(classCounts);
        this.toAdd = new TreeMap<>(toAdd);
        this.seed = seed;
        this.noiseScale = noiseScale;
        this.toAdd.forEach((label, n) -> {
            if (!this.classCounts.containsKey(label)) {
                throw new IllegalArgumentException("class '" + label + "' to over-sample is not among the classes "
                        + this.classCounts.keySet());
            }
        });
    }

    /**
     * Plain bootstrap copies.
     *
     * @param classCounts rows per class in the training set
     * @param toAdd       rows to add per class ({@link SamplingStrategy#resolve} for
     *                    {@link SamplerType#OVER_SAMPLING})
     */
    public static RandomOverSampler copies(Map<String, Long> classCounts, Map<String, Long> toAdd, long seed) {
        return new RandomOverSampler(classCounts, toAdd, seed, null);
    }

    /**
     * Smoothed bootstrap: copies plus Gaussian pixel noise with scale
     * {@code shrinkage * SmoothedNoise.smoothingConstant(nFeatures, total rows)}.
     *
     * @param nFeatures the number of decoded pixel values of an image (the noise's space)
     */
    public static RandomOverSampler smoothed(Map<String, Long> classCounts, Map<String, Long> toAdd, long seed,
                                             double shrinkage, int nFeatures) {
        ParameterChecks.CONFIG.finiteAtLeast("rebalance.shrinkage", shrinkage, 0);
        long total = classCounts.values().stream().mapToLong(Long::longValue).sum();
        return new RandomOverSampler(classCounts, toAdd, seed,
                shrinkage * SmoothedNoise.smoothingConstant(nFeatures, total));
    }

    @Override
    public Dataset<Row> resample(Dataset<Row> train) {
        Dataset<Row> draws = ClassDraws.draws(train.sparkSession(), toAdd, classCounts, seed);
        Dataset<Row> ranked = ClassDraws.ranked(train.select(DatasetColumns.ID, DatasetColumns.LABEL), seed);
        Dataset<Row> joined = draws.join(ranked,
                draws.col(DatasetColumns.LABEL).equalTo(ranked.col(DatasetColumns.LABEL))
                        .and(draws.col(ClassDraws.RANK).equalTo(ranked.col(ClassDraws.RANK))));
        Column label = draws.col(DatasetColumns.LABEL);
        Column draw = draws.col(ClassDraws.DRAW);
        Column parent = ranked.col(DatasetColumns.ID);
        Dataset<Row> duplicates = joined.select(
                concat(parent, lit("#d"), draw.cast(DataTypes.StringType)).as(RebalanceColumns.ID),
                label.as(RebalanceColumns.LABEL),
                lit(RebalanceColumns.DUPLICATE).as(RebalanceColumns.KIND),
                parent.as(RebalanceColumns.PARENT_A),
                lit(null).cast(DataTypes.StringType).as(RebalanceColumns.PARENT_B),
                lit(null).cast(DataTypes.DoubleType).as(RebalanceColumns.LAMBDA),
                (noiseScale == null ? lit(null).cast(DataTypes.LongType) : xxhash64(lit(seed ^ NOISE_SALT), label, draw))
                        .as(RebalanceColumns.NOISE_SEED),
                lit(noiseScale).cast(DataTypes.DoubleType).as(RebalanceColumns.NOISE_SCALE));
        return RebalanceColumns.originals(train).unionByName(duplicates);
    }
}
