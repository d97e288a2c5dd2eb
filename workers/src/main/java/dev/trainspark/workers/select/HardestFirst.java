package dev.trainspark.workers.select;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * OHEM (Shrivastava et al. 2016): the {@code batch_size} candidates with the highest loss. Given a
 * global threshold, only candidates at or above it, at most {@code batch_size} and at least the
 * hardest one, so a worker whose candidates are easy fits fewer of them.
 */
final class HardestFirst implements BatchSelector {
    @Override
    public int[] select(Candidates candidates, int batchSize, double globalThreshold, SplittableRandom random) {
        int[] ranked = candidates.hardestFirst();
        int keep = Math.min(batchSize, ranked.length);
        if (!Double.isNaN(globalThreshold)) {
            int above = 0;
            while (above < keep && candidates.losses()[ranked[above]] >= globalThreshold) {
                above++;
            }
            keep = Math.max(1, above);
        }
        return Candidates.inPoolOrder(Arrays.copyOf(ranked, keep));
    }
}
