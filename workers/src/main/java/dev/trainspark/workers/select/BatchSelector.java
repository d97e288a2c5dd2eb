package dev.trainspark.workers.select;

import java.util.SplittableRandom;

/** Chooses the rows of a candidate pool that the backward pass is run on. */
public interface BatchSelector {
    /**
     * @param candidates      the pool, with each row's loss
     * @param batchSize       the minibatch size the pool was drawn for
     * @param globalThreshold loss threshold of all workers' previous round, NaN when there is none
     * @param random          this round's seeded stream
     * @return positions of the chosen rows in the pool, ascending, at least one
     */
    int[] select(Candidates candidates, int batchSize, double globalThreshold, SplittableRandom random);
}
