package dev.trainspark.pipeline.rebalance;

import dev.trainspark.pipeline.ParameterChecks;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.util.Map;
import java.util.TreeMap;

import static org.apache.spark.sql.functions.col;

/**
 * SMOTE (imbalanced-learn's {@code SMOTE}): for each class c with {@code toGenerate.get(c) > 0},
 * that many synthetic rows {@code a + lambda (b - a)}, a a row of c drawn uniformly, b one of a's
 * {@code k_neighbors} nearest neighbours within c drawn uniformly, lambda uniform in [0, 1). Draw j
 * of class c depends only on (seed, c, j) (see {@link SyntheticDraws#interpolateOverLists}). The result holds
 * every training row as an original plus the synthetic rows, ids {@code smote#<class>#<j>}.
 */
public final class Smote implements Resampler {
    /** {@code smote}. */
    public static final RebalanceMethod METHOD = RebalanceMethod.of("smote", SamplerType.OVER_SAMPLING, true,
                    c -> new Smote(c.targets(), c.spec().kNeighbors(), c.seed(), c.knn()))
            .needing(spec -> new RebalanceMethod.NeighbourNeed(Smote.K_NEIGHBORS, spec.kNeighbors()));

    public static final int DEFAULT_K_NEIGHBORS = 5;
    static final String K_NEIGHBORS = "rebalance.k_neighbors";

    private final Map<String, Long> toGenerate;
    private final int kNeighbors;
    private final long seed;
    private final KnnSettings knn;
    private long knnFallbackRows;

    /**
     * @param toGenerate class to number of synthetic rows to add (0 or absent: none)
     * @param kNeighbors {@code rebalance.k_neighbors}; must be smaller than each oversampled class
     */
    public Smote(Map<String, Long> toGenerate, int kNeighbors, long seed, KnnSettings knn) {
        ParameterChecks.CONFIG.positive(K_NEIGHBORS, kNeighbors);
        this.toGenerate = new TreeMap<>(toGenerate);
        this.kNeighbors = kNeighbors;
        this.seed = seed;
        this.knn = knn;
    }

    @Override
    public Dataset<Row> resample(Dataset<Row> train) {
        Map<String, Long> sizes = SyntheticDraws.classSizes(train);
        Map<String, Long> targets = SyntheticDraws.positiveTargets(toGenerate, sizes);
        Dataset<Row> originals = RebalanceColumns.originals(train);
        knnFallbackRows = 0;
        if (targets.isEmpty()) {
            return originals;
        }
        targets.keySet().forEach(label -> SyntheticDraws.checkNeighboursWithinClass(K_NEIGHBORS, kNeighbors, label, sizes.get(label)));
        Dataset<Row> pool = train.filter(col(RebalanceColumns.LABEL).isin(targets.keySet().toArray()));
        Map<String, Long> poolSizes = new TreeMap<>(sizes);
        poolSizes.keySet().retainAll(targets.keySet());
        NeighbourLists neighbours = new NearestNeighbours(knn, seed).withinClass(pool, kNeighbors, poolSizes);
        knnFallbackRows = neighbours.lshFallbackRows();
        // Every row of an oversampled class is a base candidate and has a list: the lists are the pool.
        Dataset<Row> synthetic = SyntheticDraws.interpolateOverLists("smote", targets, sizes, neighbours.rows(), kNeighbors, seed);
        return originals.unionByName(synthetic);
    }

    /** Rows whose neighbours the last {@link #resample} had to search exactly after the LSH fell short. */
    public long knnFallbackRows() {
        return knnFallbackRows;
    }
}
