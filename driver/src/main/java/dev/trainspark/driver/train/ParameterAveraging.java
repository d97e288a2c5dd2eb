package dev.trainspark.driver.train;

import dev.trainspark.models.NetworkSpec;
import dev.trainspark.models.ModelState;
import dev.trainspark.pipeline.BadParameterException;
import dev.trainspark.workers.fit.MinibatchSteps;
import dev.trainspark.workers.fit.RoundPlan;
import dev.trainspark.workers.fit.RoundResult;
import dev.trainspark.workers.fit.Sample;
import dev.trainspark.workers.fit.ShardTrainer;
import dev.trainspark.workers.select.SelectionSpec;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

import java.util.Collections;

/**
 * Synchronous parameter averaging. A round broadcasts parameters and updater state; every shard
 * fits {@code averagingFrequency} minibatches on its cached network; {@code treeAggregate} sums the
 * replicas; the driver takes the element-wise mean as the next state.
 *
 * <p>With hard-example selection a fitted minibatch is chosen from {@code pool_factor} minibatches
 * of candidates, so an epoch (one pass over the shards as candidates) has {@code pool_factor} times
 * fewer fitted minibatches and rounds. Under a global loss threshold, every round after the first
 * of an epoch selects by the threshold of the round before; the first selects by each worker's own
 * top-k, so an epoch depends on nothing but its start state and a resumed run still replays.
 */
public final class ParameterAveraging {
    private final JavaSparkContext sc;
    private final NetworkSpec spec;
    private final MinibatchSteps steps;
    private final ShardTrainer trainer;
    private final int batchSize;
    private final int averagingFrequency;
    private final long seed;
    private final SelectionSpec selection;

    /** Told after every round. */
    public interface RoundListener {
        void onRound(int epoch, int round, int roundsPerEpoch, RoundResult result, double seconds);
    }

    public ParameterAveraging(JavaSparkContext sc, NetworkSpec spec, int batchSize, int averagingFrequency, long seed) {
        this(sc, spec, batchSize, averagingFrequency, seed, MinibatchSteps.PLAIN);
    }

    /** @param steps what the workers do to the rows of each minibatch before fitting it */
    public ParameterAveraging(JavaSparkContext sc, NetworkSpec spec, int batchSize, int averagingFrequency, long seed,
                              MinibatchSteps steps) {
        this.sc = sc;
        this.spec = spec;
        this.steps = steps;
        this.trainer = new ShardTrainer(spec, steps);
        this.batchSize = batchSize;
        this.averagingFrequency = averagingFrequency;
        this.seed = seed;
        this.selection = steps.selection();
    }

    /**
     * The same training for a run of {@code epochs} epochs over shards of at most {@code maxShardSize}
     * rows: a learning-rate schedule that ends with the run (cosine, polynomial without
     * {@code total_iterations}) gets the run's length in iterations.
     */
    public ParameterAveraging forRun(long maxShardSize, int epochs) {
        int iterations = Math.multiplyExact(epochs, batchesPerEpoch(maxShardSize));
        NetworkSpec sized;
        try {
            sized = spec.withRunLength(iterations);
        } catch (IllegalArgumentException e) {
            throw new BadParameterException(e.getMessage(), e);
        }
        return sized == spec ? this : new ParameterAveraging(sc, sized, batchSize, averagingFrequency, seed, steps);
    }

    /** The network this training fits, with its optimiser settings. */
    NetworkSpec spec() {
        return spec;
    }

    /** Fitted minibatches per epoch: one per pool of candidates. */
    public int batchesPerEpoch(long maxShardSize) {
        long rowsPerStep = (long) batchSize * selection.rowsPerStepFactor();
        return (int) ((maxShardSize + rowsPerStep - 1) / rowsPerStep);
    }

    public int roundsPerEpoch(long maxShardSize) {
        return (batchesPerEpoch(maxShardSize) + averagingFrequency - 1) / averagingFrequency;
    }

    /** Runs every round of one epoch (0-based) and returns the averaged state after it. */
    public ModelState fitEpoch(JavaRDD<Sample> shards, long maxShardSize, ModelState start, int epoch,
                               RoundListener listener) {
        int rounds = roundsPerEpoch(maxShardSize);
        int iterationAtEpochStart = epoch * batchesPerEpoch(maxShardSize);
        ModelState state = start;
        double threshold = Double.NaN;
        for (int round = 0; round < rounds; round++) {
            long t0 = System.nanoTime();
            RoundPlan plan = new RoundPlan(epoch, round, batchSize, averagingFrequency,
                    iterationAtEpochStart + round * averagingFrequency, seed, threshold);
            RoundResult result = fitRound(shards, state, plan);
            state = result.average();
            threshold = result.lossThreshold(selection.keptShare());
            listener.onRound(epoch, round, rounds, result, (System.nanoTime() - t0) / 1e9);
        }
        return state;
    }

    public RoundResult fitRound(JavaRDD<Sample> shards, ModelState state, RoundPlan plan) {
        if (spec.optimizer().schedule().needsRunLength()) {
            throw new BadParameterException("model.schedule.total_iterations is not set and this command does not know the run's "
                    + "length; accepted: an integer > model.schedule.warmup_iterations");
        }
        Broadcast<ModelState> shared = sc.broadcast(state);
        ShardTrainer worker = trainer;
        String shardSet = sc.sc().applicationId() + "/" + shards.id();
        try {
            return shards
                    .mapPartitionsWithIndex((partition, rows) -> Collections.singletonList(
                            worker.fitRound(shardSet, partition, rows, shared.value(), plan)).iterator(), true)
                    .treeAggregate(RoundResult.empty(), RoundResult::merge, RoundResult::merge);
        } finally {
            shared.destroy();
        }
    }
}
