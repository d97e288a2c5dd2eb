package dev.trainspark.workers.fit;

import dev.trainspark.pipeline.random.DerivedSeed;

import java.io.Serializable;

/**
 * Which minibatches a task fits in one round. Every random choice (shard order, ND4J's RNG) is
 * derived from (seed, epoch, partition), so a round can be replayed exactly, which is what makes
 * resuming from a checkpoint end where an unbroken run ends.
 *
 * @param epoch            0-based epoch
 * @param round            0-based round within the epoch
 * @param batchSize        examples per minibatch
 * @param batchesPerRound  the averaging frequency: minibatches each task fits before averaging
 * @param iteration        the network's iteration count at the start of the round
 * @param seed             the run's seed
 * @param lossThreshold    global loss threshold of the previous round's candidates, for OHEM with
 *                         {@code select.global_threshold}; NaN when there is none
 */
public record RoundPlan(int epoch, int round, int batchSize, int batchesPerRound, int iteration, long seed,
                        double lossThreshold) implements Serializable {

    /** A round without a global loss threshold. */
    public RoundPlan(int epoch, int round, int batchSize, int batchesPerRound, int iteration, long seed) {
        this(epoch, round, batchSize, batchesPerRound, iteration, seed, Double.NaN);
    }

    public long streamSeed(int partition, long salt) {
        return DerivedSeed.ofRound(seed, epoch, partition, salt);
    }
}
