package dev.trainspark.pipeline.rebalance;

import dev.trainspark.pipeline.ParameterChecks;
import java.util.Map;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The {@code rebalance} config section. Fields are boxed so that a key left out of the YAML
 * takes its default here; every value is checked before any data is read.
 *
 * @param method                 none (default), random_over, random_under, smote, borderline_smote,
 *                               adasyn, cluster_centroids, tomek_links, easy_ensemble
 * @param samplingStrategy       see {@link SamplingStrategy}; default "auto"
 * @param kNeighbors             SMOTE / ADASYN neighbours (default 5)
 * @param mNeighbors             Borderline-SMOTE danger neighbours (default 10)
 * @param nNeighbors             neighbours of other kNN-based methods (default 5)
 * @param shrinkage              random_over: smoothed-bootstrap shrinkage >= 0; unset = plain copies
 * @param replacement            random_under / easy_ensemble: draw with replacement (default false)
 * @param nSubsets               easy_ensemble: number of balanced subsets (default 10)
 * @param classWeight            none (default), inverse_frequency, effective_number
 * @param beta                   effective_number's beta in (0, 1) (default 0.9999)
 * @param thresholdMoving        tune per-class decision offsets on a validation split (default false)
 * @param validationFraction     share of the training split held out for threshold moving (default 0.1)
 * @param knnSpace               thumbnail (default) or embedding: the space kNN methods work in
 * @param knnModel               model path giving the embedding; required when knn_space is embedding
 * @param knnExactMaxClassSize   classes up to this size get exact kNN, larger ones LSH (default 20000)
 * @param lshBucketLength        LSH bucket length > 0; unset = chosen from the data
 * @param lshNumTables           LSH hash tables (default 3)
 * @param augment                none (default) or affine: every duplicate row (a copy made by
 *                               over- or under-sampling with replacement) gets its own seeded
 *                               random affine warp when a worker decodes it; originals stay as they are
 */
public record RebalanceSpec(String method, Object samplingStrategy, Integer kNeighbors, Integer mNeighbors,
                            Integer nNeighbors, Double shrinkage, Boolean replacement, Integer nSubsets,
                            String classWeight, Double beta, Boolean thresholdMoving, Double validationFraction,
                            String knnSpace, String knnModel, Integer knnExactMaxClassSize, Double lshBucketLength,
                            Integer lshNumTables, String augment) {

    /** How class weights for the loss are computed. */
    public enum ClassWeight {
        NONE, INVERSE_FREQUENCY, EFFECTIVE_NUMBER
    }

    /** The feature space of kNN-based methods. */
    public enum KnnSpace {
        THUMBNAIL, EMBEDDING
    }

    public RebalanceSpec {
        method = method == null ? "none" : method;
        samplingStrategy = samplingStrategy == null ? "auto" : samplingStrategy;
        kNeighbors = kNeighbors == null ? 5 : kNeighbors;
        mNeighbors = mNeighbors == null ? 10 : mNeighbors;
        nNeighbors = nNeighbors == null ? 5 : nNeighbors;
        replacement = replacement == null ? Boolean.FALSE : replacement;
        nSubsets = nSubsets == null ? 10 : nSubsets;
        classWeight = classWeight == null ? "none" : classWeight;
        beta = beta == null ? 0.9999 : beta;
        thresholdMoving = thresholdMoving == null ? Boolean.FALSE : thresholdMoving;
        validationFraction = validationFraction == null ? 0.1 : validationFraction;
        knnSpace = knnSpace == null ? "thumbnail" : knnSpace;
        knnExactMaxClassSize = knnExactMaxClassSize == null ? KnnSettings.DEFAULT_EXACT_MAX_CLASS_SIZE : knnExactMaxClassSize;
        lshNumTables = lshNumTables == null ? KnnSettings.DEFAULT_LSH_NUM_TABLES : lshNumTables;
        augment = augment == null ? "none" : augment;
        ParameterChecks.CONFIG.require(augment.equals("none") || augment.equals("affine"), "rebalance.augment", augment, "none or affine");

        RebalanceMethod m = RebalanceMethods.named(method);
        SamplingStrategy strategy = SamplingStrategy.parse(samplingStrategy);
        m.sampler().ifPresent(strategy::checkUsableBy);
        ParameterChecks.CONFIG.positive("rebalance.k_neighbors", kNeighbors);
        ParameterChecks.CONFIG.positive("rebalance.m_neighbors", mNeighbors);
        ParameterChecks.CONFIG.positive("rebalance.n_neighbors", nNeighbors);
        ParameterChecks.CONFIG.require(shrinkage == null || shrinkage >= 0 && shrinkage < Double.POSITIVE_INFINITY, "rebalance.shrinkage", shrinkage,
                "a finite number >= 0, or unset for plain copies");
        ParameterChecks.CONFIG.positive("rebalance.n_subsets", nSubsets);
        parse("rebalance.class_weight", classWeight, ClassWeight.class);
        ParameterChecks.CONFIG.fraction("rebalance.beta", beta);
        ParameterChecks.CONFIG.fraction("rebalance.validation_fraction", validationFraction);
        KnnSpace space = parse("rebalance.knn_space", knnSpace, KnnSpace.class);
        ParameterChecks.CONFIG.require(space != KnnSpace.EMBEDDING || knnModel != null && !knnModel.isBlank(), "rebalance.knn_model", knnModel,
                "the path of a saved model whose embedding the kNN methods use (rebalance.knn_space is embedding)");
        // Fields are assigned only after this body: check the kNN settings from the parameters.
        new KnnSettings(knnExactMaxClassSize, lshNumTables, lshBucketLength, KnnSettings.DEFAULT_BLOCK_ROWS);
    }

    /** The section with every key at its default: no rebalancing. */
    public static RebalanceSpec defaults() {
        return new RebalanceSpec(null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null);
    }

    /**
     * Checks the neighbour counts against the sizes of the classes a method will over-sample, with
     * the samplers' own rule, from class counts alone, so a bad value ends the run before any work.
     *
     * @param targets    rows to add per class (classes with 0 are not checked)
     * @param classSizes training rows per class
     */
    public void checkNeighbours(Map<String, Long> targets, Map<String, Long> classSizes) {
        rebalanceMethod().neighbours().apply(this).ifPresent(need -> targets.forEach((label, n) -> {
            if (n > 0) {
                SyntheticDraws.checkNeighboursWithinClass(need.key(), need.k(), label, classSizes.get(label));
            }
        }));
    }

    /** How the kNN-based methods search for neighbours. */
    public KnnSettings knnSettings() {
        return new KnnSettings(knnExactMaxClassSize, lshNumTables, lshBucketLength, KnnSettings.DEFAULT_BLOCK_ROWS);
    }

    /** Whether duplicate rows get a random affine warp. */
    public boolean augmentsCopies() {
        return augment.equals("affine");
    }

    /** One line for reports: the method and what else is on. */
    public String summary() {
        StringBuilder s = new StringBuilder(method);
        if (rebalanceMethod().sampler().isPresent()) {
            s.append(" (sampling_strategy ").append(samplingStrategy).append(')');
        }
        if (augmentsCopies()) {
            s.append(", copies augmented (affine)");
        }
        if (!classWeight.equals("none")) {
            s.append(", class weights ").append(classWeight);
        }
        if (thresholdMoving) {
            s.append(", threshold moving");
        }
        return s.toString();
    }

    /** The method {@code rebalance.method} names. */
    public RebalanceMethod rebalanceMethod() {
        return RebalanceMethods.named(method);
    }

    public SamplingStrategy strategy() {
        return SamplingStrategy.parse(samplingStrategy);
    }

    public ClassWeight classWeightKind() {
        return parse("rebalance.class_weight", classWeight, ClassWeight.class);
    }

    public KnnSpace knnSpaceKind() {
        return parse("rebalance.knn_space", knnSpace, KnnSpace.class);
    }

    private static <E extends Enum<E>> E parse(String key, String value, Class<E> type) {
        for (E e : type.getEnumConstants()) {
            if (e.name().toLowerCase().equals(value)) {
                return e;
            }
        }
        String accepted = Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase())
                .collect(Collectors.joining(", "));
        throw ParameterChecks.CONFIG.rejection(key, value, accepted);
    }
}
