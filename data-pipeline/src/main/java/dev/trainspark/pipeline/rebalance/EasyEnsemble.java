package dev.trainspark.pipeline.rebalance;

import dev.trainspark.pipeline.ParameterChecks;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The training subsets of imbalanced-learn's EasyEnsembleClassifier: each member of the ensemble
 * sees the whole training set through its own {@link RandomUnderSampler} with the same resolved
 * targets (balanced under "auto"), seeded differently. Subset i's seed is the i-th number of a
 * {@link SplittableRandom} seeded with the run's seed, so the subsets replay.
 */
public final class EasyEnsemble {
    /**
     * {@code easy_ensemble}: one balanced subset per member; classes the strategy does not target
     * (the minority, under "auto") are kept whole in every subset.
     */
    public static final RebalanceMethod METHOD = new RebalanceMethod("easy_ensemble", SamplerType.UNDER_SAMPLING, false,
            spec -> Optional.empty(), (c, train) -> {
                Map<String, Long> counts = new LinkedHashMap<>(c.perClass());
                counts.putAll(c.targets());
                List<RebalanceMethod.Resampled> sets = new ArrayList<>();
                for (Dataset<Row> subset : new EasyEnsemble(c.perClass(), c.targets(), c.spec().replacement(), c.spec().nSubsets(),
                        c.seed()).subsets(train)) {
                    sets.add(new RebalanceMethod.Resampled(subset, counts, null, "easy_ensemble: balanced subset " + counts));
                }
                return sets;
            });

    private final Map<String, Long> classCounts;
    private final Map<String, Long> toKeep;
    private final boolean replacement;
    private final int nSubsets;
    private final long seed;

    /**
     * @param toKeep rows to keep per targeted class ({@link SamplingStrategy#resolve} for
     *               {@link SamplerType#UNDER_SAMPLING})
     */
    public EasyEnsemble(Map<String, Long> classCounts, Map<String, Long> toKeep, boolean replacement, int nSubsets,
                        long seed) {
        ParameterChecks.CONFIG.positive("rebalance.n_subsets", nSubsets);
        this.classCounts = classCounts;
        this.toKeep = toKeep;
        this.replacement = replacement;
        this.nSubsets = nSubsets;
        this.seed = seed;
    }

    /** The seed of subset {@code i}. */
    public long subsetSeed(int i) {
        SplittableRandom random = new SplittableRandom(seed);
        long s = random.nextLong();
        for (int k = 0; k < i; k++) {
            s = random.nextLong();
        }
        return s;
    }

    /** {@code n_subsets} recipe datasets ({@link RebalanceColumns#SCHEMA}), lazily defined. */
    public List<Dataset<Row>> subsets(Dataset<Row> train) {
        List<Dataset<Row>> out = new ArrayList<>(nSubsets);
        for (int i = 0; i < nSubsets; i++) {
            out.add(new RandomUnderSampler(classCounts, toKeep, replacement, subsetSeed(i)).resample(train));
        }
        return out;
    }
}
