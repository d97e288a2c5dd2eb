package dev.trainspark.pipeline.rebalance;

import dev.trainspark.pipeline.image.ImageShape;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.function.Function;

/**
 * One value of {@code rebalance.method}: its name, the kind of sampler it is (which decides how
 * the sampling strategy resolves), whether it works on the kNN feature column, the neighbour count
 * it needs within each targeted class, and how it turns training rows into rebalanced sets. Each
 * sampler declares its own method beside its code; {@link RebalanceMethods} lists them.
 *
 * @param name        the config value
 * @param samplerType how the strategy resolves for it; null for {@code none}, which resamples nothing
 * @param usesFeatures whether it reads the {@code thumb} (or embedding) feature column
 * @param neighbours  the neighbour key and count a targeted class must exceed, or empty
 * @param resampler   builds the rebalanced set(s); null for {@code none}
 */
public record RebalanceMethod(String name, SamplerType samplerType, boolean usesFeatures,
                              Function<RebalanceSpec, Optional<NeighbourNeed>> neighbours, Resampling resampler) {

    /** A neighbour count that every class the method generates rows for must support. */
    public record NeighbourNeed(String key, int k) {
    }

    /**
     * What a method is built from: the section, the training split's class counts, the resolved
     * per-class targets, the run's seed, the kNN search settings and the image shape.
     */
    public record Context(RebalanceSpec spec, Map<String, Long> perClass, SortedMap<String, Long> targets, long seed,
                          KnnSettings knn, ImageShape shape) {
    }

    /**
     * One rebalanced training set in {@link RebalanceColumns#SCHEMA}.
     *
     * @param recipes   the rows
     * @param perClass  rows per class when the method knows them without counting, else null
     * @param pixelStd  per-class pixel deviations its smoothed-bootstrap rows need, or null
     * @param describe  the console line for this set, or null for the default before/after line
     */
    public record Resampled(Dataset<Row> recipes, Map<String, Long> perClass, Map<String, float[]> pixelStd, String describe) {
        public static Resampled of(Dataset<Row> recipes) {
            return new Resampled(recipes, null, null, null);
        }
    }

    /** Builds the rebalanced set(s) of a method: one, or one per member of an ensemble. */
    @FunctionalInterface
    public interface Resampling {
        List<Resampled> resample(Context context, Dataset<Row> train);
    }

    /** The method that leaves the training rows as they are. */
    public static final RebalanceMethod NONE = new RebalanceMethod("none", null, false, spec -> Optional.empty(), null);

    public Optional<SamplerType> sampler() {
        return Optional.ofNullable(samplerType);
    }

    /** A single-set method that needs no neighbour count. */
    static RebalanceMethod of(String name, SamplerType type, boolean usesFeatures, Function<Context, Resampler> build) {
        return new RebalanceMethod(name, type, usesFeatures, spec -> Optional.empty(),
                (context, train) -> List.of(Resampled.of(build.apply(context).resample(train))));
    }

    /** A copy that also checks a neighbour count against the targeted classes. */
    RebalanceMethod needing(Function<RebalanceSpec, NeighbourNeed> need) {
        return new RebalanceMethod(name, samplerType, usesFeatures, spec -> Optional.of(need.apply(spec)), resampler);
    }
}
