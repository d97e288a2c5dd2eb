package dev.trainspark.driver.train;

import dev.trainspark.driver.model.HadoopModelFolder;
import dev.trainspark.models.SavedModel;
import dev.trainspark.pipeline.image.ImageShape;
import dev.trainspark.workers.embed.EmbeddingSpace;
import dev.trainspark.pipeline.rebalance.ClassWeights;
import dev.trainspark.pipeline.rebalance.RebalanceMethod;
import dev.trainspark.pipeline.rebalance.RebalanceSpec;
import dev.trainspark.pipeline.rebalance.SamplerType;
import dev.trainspark.pipeline.rebalance.SamplingStrategy;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;

/**
 * Turns the {@code rebalance} config section into training sets: resolves the sampling strategy
 * against the training split's class counts (refusing bad values before any training), runs the
 * configured resampler, and gives the loss's class weights. EasyEnsemble yields one set per member.
 */
final class Rebalancing {
    private final RebalanceSpec spec;
    private final List<String> classes;
    private final ImageShape shape;
    private final long seed;
    private final SavedModel embeddingModel;

    /**
     * One training set.
     *
     * @param originals  ingested rows to train on as they are (no resampling), or null
     * @param recipes    recipe rows ({@link RebalanceColumns#SCHEMA}), or null
     * @param perClass   rows per class of this set
     * @param pixelStd   per-class pixel deviations for smoothed-bootstrap rows, or null
     * @param describe   a line for the console, or null
     */
    record Result(Dataset<Row> originals, Dataset<Row> recipes, Map<String, Long> perClass,
                  Map<String, float[]> pixelStd, String describe) {
    }

    /** @param embeddingModel the model of {@code rebalance.knn_model} when {@code knn_space} is embedding, else null */
    Rebalancing(RebalanceSpec spec, List<String> classes, ImageShape shape, long seed,
                SavedModel embeddingModel) {
        this.spec = spec;
        this.classes = List.copyOf(classes);
        this.shape = shape;
        this.seed = seed;
        this.embeddingModel = embeddingModel;
        if (spec.knnSpaceKind() == RebalanceSpec.KnnSpace.EMBEDDING && embeddingModel == null) {
            throw new IllegalArgumentException("rebalance.knn_space is embedding but no model was given");
        }
    }

    /** The model {@code rebalance.knn_model} names, read before any work starts; null for the thumbnail space. */
    static SavedModel embeddingModel(RebalanceSpec spec, dev.trainspark.pipeline.io.HadoopFiles files)
            throws java.io.IOException {
        return spec.knnSpaceKind() == RebalanceSpec.KnnSpace.EMBEDDING
                ? HadoopModelFolder.read(files, spec.knnModel()) : null;
    }

    /** Resolves the strategy and checks the neighbour counts against the class sizes. */
    void validate(Map<String, Long> perClass) {
        targets(perClass);
    }

    /** The loss's class weights, in class order; empty when {@code class_weight} is none. */
    List<Double> classWeights(Map<String, Long> perClass) {
        long[] counts = classes.stream().mapToLong(perClass::get).toArray();
        double[] w = switch (spec.classWeightKind()) {
            case NONE -> null;
            case INVERSE_FREQUENCY -> ClassWeights.inverseFrequency(counts);
            case EFFECTIVE_NUMBER -> ClassWeights.effectiveNumber(counts, spec.beta());
        };
        List<Double> weights = new ArrayList<>();
        if (w != null) {
            for (double v : w) {
                weights.add(v);
            }
        }
        return weights;
    }

    private SortedMap<String, Long> targets(Map<String, Long> perClass) {
        Optional<SamplerType> type = spec.rebalanceMethod().sampler();
        if (type.isEmpty()) {
            return null;
        }
        SortedMap<String, Long> targets = SamplingStrategy.parse(spec.samplingStrategy()).resolve(perClass, type.get());
        spec.checkNeighbours(targets, perClass);
        return targets;
    }

    /** The training set(s) of the configured method: one, or one per EasyEnsemble member. */
    List<Result> trainingSets(SparkSession spark, Dataset<Row> train, Map<String, Long> perClass) {
        RebalanceMethod method = spec.rebalanceMethod();
        if (method.resampler() == null) {
            return List.of(new Result(train, null, perClass, null, null));
        }
        if (method.usesFeatures() && embeddingModel != null) {
            train = EmbeddingSpace.apply(spark, train, embeddingModel, shape, 64);
        }
        RebalanceMethod.Context context = new RebalanceMethod.Context(spec, orderedCounts(perClass), targets(perClass), seed,
                spec.knnSettings(), shape);
        List<Result> sets = new ArrayList<>();
        for (RebalanceMethod.Resampled set : method.resampler().resample(context, train)) {
            Dataset<Row> recipes = set.recipes();
            Map<String, Long> after = set.perClass();
            if (after == null) {
                // Counted once here, while the rows are cached for sharding.
                recipes = recipes.persist(StorageLevel.MEMORY_AND_DISK());
                after = PreparedData.countPerClass(recipes, classes);
            }
            String line = set.describe() != null ? set.describe()
                    : method.name() + ": training images per class " + orderedCounts(perClass) + " -> " + after;
            sets.add(new Result(null, recipes, after, set.pixelStd(), line));
        }
        return sets;
    }

    private Map<String, Long> orderedCounts(Map<String, Long> counts) {
        Map<String, Long> ordered = new LinkedHashMap<>();
        for (String c : classes) {
            ordered.put(c, counts.getOrDefault(c, 0L));
        }
        return ordered;
    }
}
