package dev.trainspark.driver.train;

import dev.trainspark.pipeline.image.ImageShape;
import dev.trainspark.pipeline.rebalance.Adasyn;
import dev.trainspark.pipeline.rebalance.BorderlineSmote;
import dev.trainspark.pipeline.rebalance.ClassWeights;
import dev.trainspark.pipeline.rebalance.ClusterCentroids;
import dev.trainspark.pipeline.rebalance.EasyEnsemble;
import dev.trainspark.pipeline.rebalance.KnnSettings;
import dev.trainspark.pipeline.rebalance.RandomOverSampler;
import dev.trainspark.pipeline.rebalance.RandomUnderSampler;
import dev.trainspark.pipeline.rebalance.RebalanceSpec;
import dev.trainspark.pipeline.rebalance.Resampler;
import dev.trainspark.pipeline.rebalance.SamplerType;
import dev.trainspark.pipeline.rebalance.SamplingStrategy;
import dev.trainspark.pipeline.rebalance.SmoothedNoise;
import dev.trainspark.pipeline.rebalance.Smote;
import dev.trainspark.pipeline.rebalance.TomekLinks;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    private final dev.trainspark.driver.model.SavedModel embeddingModel;

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
                dev.trainspark.driver.model.SavedModel embeddingModel) {
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
    static dev.trainspark.driver.model.SavedModel embeddingModel(RebalanceSpec spec, dev.trainspark.pipeline.io.HadoopFiles files)
            throws java.io.IOException {
        return spec.knnSpaceKind() == RebalanceSpec.KnnSpace.EMBEDDING
                ? dev.trainspark.driver.model.SavedModel.read(files, spec.knnModel()) : null;
    }

    /** Resolves the strategy and checks the neighbour counts against the class sizes. */
    void validate(Map<String, Long> perClass) {
        targets(perClass);
    }

    /** The loss's class weights, in class order; empty when {@code class_weight} is none. */
    List<Double> classWeights(Map<String, Long> perClass) {
        long[] counts = classes.stream().mapToLong(perClass::get).toArray();
        double[] w = switch (RebalanceSpec.ClassWeight.valueOf(spec.classWeight().toUpperCase())) {
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
        RebalanceSpec.Method method = spec.methodKind();
        if (method.samplerType().isEmpty()) {
            return null;
        }
        SamplerType type = method.samplerType().get();
        SortedMap<String, Long> targets = SamplingStrategy.parse(spec.samplingStrategy()).resolve(perClass, type);
        spec.checkNeighbours(targets, perClass);
        return targets;
    }

    /** The training set(s) of the configured method: one, or one per EasyEnsemble member. */
    List<Result> trainingSets(SparkSession spark, Dataset<Row> train, Map<String, Long> perClass) {
        RebalanceSpec.Method method = spec.methodKind();
        SortedMap<String, Long> targets = targets(perClass);
        KnnSettings knn = new KnnSettings(spec.knnExactMaxClassSize(), spec.lshNumTables(), spec.lshBucketLength(),
                KnnSettings.DEFAULT_BLOCK_ROWS);
        Resampler resampler;
        Map<String, float[]> pixelStd = null;
        boolean usesFeatures = switch (method) {
            case SMOTE, BORDERLINE_SMOTE, ADASYN, TOMEK_LINKS, CLUSTER_CENTROIDS -> true;
            default -> false;
        };
        if (usesFeatures && embeddingModel != null) {
            train = EmbeddingSpace.apply(spark, train, embeddingModel, shape, 64);
        }
        switch (method) {
            case NONE -> {
                return List.of(new Result(train, null, perClass, null, null));
            }
            case EASY_ENSEMBLE -> {
                EasyEnsemble ensemble = new EasyEnsemble(perClass, targets, spec.replacement(), spec.nSubsets(), seed);
                // Classes the strategy does not target (the minority, under "auto") are kept whole.
                Map<String, Long> counts = orderedCounts(perClass);
                counts.putAll(targets);
                List<Result> sets = new ArrayList<>();
                for (Dataset<Row> subset : ensemble.subsets(train)) {
                    sets.add(new Result(null, subset, counts, null, "easy_ensemble: balanced subset " + counts));
                }
                return sets;
            }
            case RANDOM_OVER -> {
                if (spec.shrinkage() != null) {
                    resampler = RandomOverSampler.smoothed(perClass, targets, seed, spec.shrinkage(), shape.size());
                    pixelStd = SmoothedNoise.classStd(train, shape, targets.keySet());
                } else {
                    resampler = RandomOverSampler.copies(perClass, targets, seed);
                }
            }
            case RANDOM_UNDER -> resampler = new RandomUnderSampler(perClass, targets, spec.replacement(), seed);
            case CLUSTER_CENTROIDS -> resampler = new ClusterCentroids(perClass, targets, seed);
            case SMOTE -> resampler = new Smote(targets, spec.kNeighbors(), seed, knn);
            case BORDERLINE_SMOTE -> resampler = new BorderlineSmote(targets, spec.kNeighbors(), spec.mNeighbors(), seed, knn);
            case ADASYN -> resampler = new Adasyn(targets, spec.nNeighbors(), seed, knn);
            case TOMEK_LINKS -> resampler = new TomekLinks(targets.keySet(), seed, knn);
            default -> throw new IllegalStateException("unhandled rebalance.method " + method);
        }
        Dataset<Row> recipes = resampler.resample(train).persist(org.apache.spark.storage.StorageLevel.MEMORY_AND_DISK());
        Map<String, Long> after = PreparedData.countPerClass(recipes, classes);
        String line = method.configName() + ": training images per class " + orderedCounts(perClass) + " -> " + after;
        return List.of(new Result(null, recipes, after, pixelStd, line));
    }

    private Map<String, Long> orderedCounts(Map<String, Long> counts) {
        Map<String, Long> ordered = new LinkedHashMap<>();
        for (String c : classes) {
            ordered.put(c, counts.getOrDefault(c, 0L));
        }
        return ordered;
    }
}
