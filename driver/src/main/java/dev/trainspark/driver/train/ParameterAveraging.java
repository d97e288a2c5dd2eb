package dev.trainspark.driver.train;

import dev.trainspark.driver.config.RoundSync;
import dev.trainspark.models.NetworkSpec;
import dev.trainspark.models.ModelState;
import dev.trainspark.pipeline.BadParameterException;
import dev.trainspark.workers.fit.MinibatchSteps;
import dev.trainspark.workers.fit.RoundPlan;
import dev.trainspark.workers.fit.RoundResult;
import dev.trainspark.workers.fit.RoundTimes;
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
 * replicas; the driver takes the element-wise mean as the next state. Under {@code train.sync:
 * allreduce} an epoch is one barrier stage instead, whose tasks take the same mean among themselves
 * after every round ({@link AllreduceEpochs}); with two workers the two end on the same state, bit
 * for bit.
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
    private final RoundSync sync;
    /**
     * Task results the driver merges itself before a tree of merges on executors pays. A merge of a
     * replica (deserializing and summing megabytes of state) costs several times a stage's launch,
     * which an extra tree level adds, so trees of about four results per merge do best; bench train's
     * projection prints the same model.
     */
    static final int DIRECT_MERGE_LIMIT = 4;

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
        this(sc, spec, batchSize, averagingFrequency, seed, steps, RoundSync.DRIVER);
    }

    private ParameterAveraging(JavaSparkContext sc, NetworkSpec spec, int batchSize, int averagingFrequency, long seed,
                               MinibatchSteps steps, RoundSync sync) {
        this.sc = sc;
        this.sync = sync;
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
        return sized == spec ? this : new ParameterAveraging(sc, sized, batchSize, averagingFrequency, seed, steps, sync);
    }

    /** The same training with the replicas averaged as {@code mode} says ({@code train.sync}). */
    public ParameterAveraging withSync(RoundSync mode) {
        return mode == sync ? this : new ParameterAveraging(sc, spec, batchSize, averagingFrequency, seed, steps, mode);
    }

    /** How the replicas are averaged. */
    public RoundSync sync() {
        return sync;
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
        if (sync == RoundSync.ALLREDUCE) {
            requireRunLength();
            return AllreduceEpochs.fit(sc, trainer, shards, start, new RoundPlan(epoch, 0, batchSize, averagingFrequency,
                    iterationAtEpochStart, seed), rounds, listener);
        }
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

    /** One round as a Spark job, whatever {@link #sync()} says. */
    public RoundResult fitRound(JavaRDD<Sample> shards, ModelState state, RoundPlan plan) {
        requireRunLength();
        long start = System.nanoTime();
        Broadcast<ModelState> shared = sc.broadcast(state);
        long broadcast = System.nanoTime() - start;
        ShardTrainer worker = trainer;
        String shardSet = sc.sc().applicationId() + "/" + shards.id();
        int aggregationDepth = aggregationDepth(shards.getNumPartitions());
        try {
            long submitMillis = System.currentTimeMillis();
            RoundResult result = shards
                    .mapPartitionsWithIndex((partition, rows) -> Collections.singletonList(
                            worker.fitRound(shardSet, partition, rows, shared::value, plan)).iterator(), true)
                    .treeAggregate(RoundResult.empty(), RoundResult::merge, RoundResult::merge, aggregationDepth);
            long returnMillis = System.currentTimeMillis();
            long averaging = System.nanoTime();
            if (result.replicas() > 0) {
                result.average();
            }
            long end = System.nanoTime();
            return result.withTimes(times(result.taskTimes(), broadcast, submitMillis, returnMillis, end - averaging,
                    end - start));
        } finally {
            shared.destroy();
        }
    }

    private void requireRunLength() {
        if (spec.optimizer().schedule().needsRunLength()) {
            throw new BadParameterException("model.schedule.total_iterations is not set and this command does not know the run's "
                    + "length; accepted: an integer > model.schedule.warmup_iterations");
        }
    }

    private static RoundTimes times(RoundTimes.TaskSide tasks, long broadcastNanos, long submitMillis, long returnMillis,
                                    long updateNanos, long totalNanos) {
        if (tasks == null) {
            return new RoundTimes(broadcastNanos / 1e9, 0, 0, 0, 0, (returnMillis - submitMillis) / 1e3, updateNanos / 1e9,
                    totalNanos / 1e9);
        }
        // Wall clocks of different hosts can disagree by a little: no phase is reported below zero.
        double launch = Math.max(0, tasks.startMillis() - submitMillis) / 1e3;
        double aggregation = Math.max(0, returnMillis - tasks.endMillis()) / 1e3;
        return new RoundTimes(broadcastNanos / 1e9, launch, tasks.readStateNanos() / 1e9, tasks.fitNanos() / 1e9,
                tasks.writeStateNanos() / 1e9, aggregation, updateNanos / 1e9, totalNanos / 1e9);
    }

    /**
     * Depth of the tree that sums the replicas: the driver merges every task's result itself up to
     * {@value #DIRECT_MERGE_LIMIT} workers; beyond, executors merge them in a tree with about
     * {@value #DIRECT_MERGE_LIMIT} results per merge, so the driver receives only a few.
     */
    public static int aggregationDepth(int partitions) {
        int depth = 1;
        double reach = DIRECT_MERGE_LIMIT;
        while (reach < partitions) {
            depth++;
            reach *= DIRECT_MERGE_LIMIT;
        }
        return depth;
    }
}
