package dev.trainspark.workers.select;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Stratified OHEM: the candidates are split by loss into equal-count quantile bins, and the
 * {@code batch_size} rows are drawn at random from the bins in the proportion of the strata
 * weights, so not only the very hardest (often mislabeled) rows are fitted.
 */
final class StratifiedHard implements BatchSelector {
    private final List<Double> weights;

    StratifiedHard(List<Double> weights) {
        this.weights = weights;
    }

    @Override
    public int[] select(Candidates candidates, int batchSize, double globalThreshold, SplittableRandom random) {
        int[] ranked = candidates.hardestFirst();
        int n = ranked.length;
        if (n <= batchSize) {
            return Candidates.inPoolOrder(ranked);
        }
        int strata = weights.size();
        int[] start = new int[strata + 1];
        for (int k = 0; k <= strata; k++) {
            start[k] = (int) ((long) k * n / strata);
        }
        int[] quota = quotas(batchSize, start);
        int[] chosen = new int[batchSize];
        int c = 0;
        for (int k = 0; k < strata; k++) {
            // A partial Fisher-Yates shuffle of the bin draws its quota without replacement.
            int[] bin = java.util.Arrays.copyOfRange(ranked, start[k], start[k + 1]);
            for (int i = 0; i < quota[k]; i++) {
                int j = i + random.nextInt(bin.length - i);
                int t = bin[i];
                bin[i] = bin[j];
                bin[j] = t;
                chosen[c++] = bin[i];
            }
        }
        return Candidates.inPoolOrder(chosen);
    }

    /** Largest-remainder shares of {@code total}, each capped at its bin's size; the rest goes to the hardest bins with room. */
    private int[] quotas(int total, int[] start) {
        int strata = weights.size();
        int[] quota = new int[strata];
        double[] remainder = new double[strata];
        int given = 0;
        for (int k = 0; k < strata; k++) {
            double exact = weights.get(k) * total;
            quota[k] = Math.min((int) Math.floor(exact), start[k + 1] - start[k]);
            remainder[k] = exact - Math.floor(exact);
            given += quota[k];
        }
        while (given < total) {
            int best = -1;
            for (int k = 0; k < strata; k++) {
                if (quota[k] < start[k + 1] - start[k] && (best < 0 || remainder[k] > remainder[best])) {
                    best = k;
                }
            }
            quota[best]++;
            remainder[best] = -1;
            given++;
        }
        return quota;
    }
}
