package dev.trainspark.pipeline.rebalance;

import dev.trainspark.pipeline.ParameterChecks;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;

/**
 * Borderline-SMOTE, kind borderline-1 (imbalanced-learn's {@code BorderlineSMOTE}). A row of an
 * oversampled class is in danger when, among its {@code m_neighbors} nearest neighbours in the
 * whole training set, the number {@code n_maj} of rows of other classes satisfies
 * {@code m/2 <= n_maj < m}: its neighbourhood is mostly, but not only, other classes. Synthetic rows
 * are drawn as in {@link Smote} with base rows drawn uniformly from the danger rows only and partners
 * among their {@code k_neighbors} nearest neighbours within the class (danger or not). A class
 * without danger rows gets no synthetic rows, as in imbalanced-learn; it is logged and listed by
 * {@link #classesWithoutDanger()}. Synthetic ids are {@code borderline#<class>#<j>}.
 */
public final class BorderlineSmote implements Resampler {
    /** {@code borderline_smote} (Borderline-SMOTE 1). */
    public static final RebalanceMethod METHOD = RebalanceMethod.of("borderline_smote", SamplerType.OVER_SAMPLING, true,
                    c -> new BorderlineSmote(c.targets(), c.spec().kNeighbors(), c.spec().mNeighbors(), c.seed(), c.knn()))
            .needing(spec -> new RebalanceMethod.NeighbourNeed(Smote.K_NEIGHBORS, spec.kNeighbors()));

    public static final int DEFAULT_K_NEIGHBORS = 5;
    public static final int DEFAULT_M_NEIGHBORS = 10;
    static final String M_NEIGHBORS = "rebalance.m_neighbors";

    private static final Logger LOG = LoggerFactory.getLogger(BorderlineSmote.class);

    private final Map<String, Long> toGenerate;
    private final int kNeighbors;
    private final int mNeighbors;
    private final long seed;
    private final KnnSettings knn;
    private final List<String> classesWithoutDanger = new ArrayList<>();
    private long knnFallbackRows;

    public BorderlineSmote(Map<String, Long> toGenerate, int kNeighbors, int mNeighbors, long seed, KnnSettings knn) {
        ParameterChecks.CONFIG.positive(Smote.K_NEIGHBORS, kNeighbors);
        ParameterChecks.CONFIG.positive(M_NEIGHBORS, mNeighbors);
        this.toGenerate = new TreeMap<>(toGenerate);
        this.kNeighbors = kNeighbors;
        this.mNeighbors = mNeighbors;
        this.seed = seed;
        this.knn = knn;
    }

    @Override
    public Dataset<Row> resample(Dataset<Row> train) {
        Map<String, Long> sizes = SyntheticDraws.classSizes(train);
        Map<String, Long> targets = SyntheticDraws.positiveTargets(toGenerate, sizes);
        Dataset<Row> originals = RebalanceColumns.originals(train);
        classesWithoutDanger.clear();
        knnFallbackRows = 0;
        if (targets.isEmpty()) {
            return originals;
        }
        long trainSize = sizes.values().stream().mapToLong(Long::longValue).sum();
        SyntheticDraws.checkNeighboursOverall(M_NEIGHBORS, mNeighbors, trainSize);
        targets.keySet().forEach(label -> SyntheticDraws.checkNeighboursWithinClass(Smote.K_NEIGHBORS, kNeighbors, label, sizes.get(label)));

        Dataset<Row> pool = train.filter(col(RebalanceColumns.LABEL).isin(targets.keySet().toArray()));
        NearestNeighbours nn = new NearestNeighbours(knn, seed);
        NeighbourLists mLists = nn.overAll(pool, train, mNeighbors);
        Dataset<Row> danger = dangerRows(mLists.rows(), mNeighbors);
        Map<String, Long> dangerSizes = SyntheticDraws.classSizes(danger);
        Map<String, Long> drawable = new TreeMap<>();
        targets.forEach((label, n) -> {
            if (dangerSizes.containsKey(label)) {
                drawable.put(label, n);
            } else {
                classesWithoutDanger.add(label);
                LOG.warn("Borderline-SMOTE: no row of class '{}' is in danger (m_neighbors = {}); "
                        + "the class gets no synthetic rows instead of {}", label, mNeighbors, n);
            }
        });
        knnFallbackRows = mLists.lshFallbackRows();
        if (drawable.isEmpty()) {
            return originals;
        }
        Dataset<Row> drawPool = pool.filter(col(RebalanceColumns.LABEL).isin(drawable.keySet().toArray()));
        NeighbourLists kLists = nn.withinClass(drawPool, kNeighbors);
        knnFallbackRows += kLists.lshFallbackRows();
        return originals.unionByName(SyntheticDraws.interpolate("borderline", drawable, dangerSizes,
                danger, kLists.rows(), kNeighbors, seed));
    }

    /** Rows ({@code id, label}) whose m-neighbourhood holds {@code m/2 <= n_maj < m} rows of other classes. */
    static Dataset<Row> dangerRows(Dataset<Row> mNeighbourLists, int m) {
        Dataset<Row> counted = mNeighbourLists.withColumn("_n_maj",
                expr("size(filter(" + NearestNeighbours.NEIGHBOURS + ", n -> n.label != " + RebalanceColumns.LABEL + "))"));
        // 2 * n_maj >= m is imbalanced-learn's n_maj >= m / 2 in real arithmetic.
        return counted.filter(col("_n_maj").multiply(2).geq(lit(m)).and(col("_n_maj").lt(lit(m))))
                .select(col(RebalanceColumns.ID), col(RebalanceColumns.LABEL));
    }

    /** Classes of the last {@link #resample} that had synthetic rows to make but no row in danger. */
    public List<String> classesWithoutDanger() {
        return List.copyOf(classesWithoutDanger);
    }

    /** Rows whose neighbours the last {@link #resample} had to search exactly after the LSH fell short. */
    public long knnFallbackRows() {
        return knnFallbackRows;
    }
}
