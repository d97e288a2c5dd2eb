package dev.trainspark.workers.select;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Selective backprop (Jiang et al. 2019): each candidate is kept with probability
 * {@code CDF(loss)^beta}, the CDF taken over the pool's losses, so the hardest is always kept and
 * easy rows now and then. The number fitted varies around {@code pool / (beta + 1)}.
 */
final class SelectiveBackprop implements BatchSelector {
    private final double beta;

    SelectiveBackprop(double beta) {
        this.beta = beta;
    }

    @Override
    public int[] select(Candidates candidates, int batchSize, double globalThreshold, SplittableRandom random) {
        int[] ranked = candidates.hardestFirst();
        int n = ranked.length;
        int[] kept = new int[n];
        int k = 0;
        for (int r = 0; r < n; r++) {
            double percentile = (double) (n - r) / n;
            // Drawn for every candidate, kept or not, so one row's fate does not shift the others' draws.
            double u = random.nextDouble();
            if (u < Math.pow(percentile, beta)) {
                kept[k++] = ranked[r];
            }
        }
        return Candidates.inPoolOrder(Arrays.copyOf(kept, k));
    }
}
