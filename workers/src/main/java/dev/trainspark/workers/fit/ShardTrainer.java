package dev.trainspark.workers.fit;

import dev.trainspark.models.ExampleLoss;
import dev.trainspark.models.ModelState;
import dev.trainspark.models.NetworkSpec;
import dev.trainspark.models.TrainableNetwork;
import dev.trainspark.workers.device.TaskBinding;
import dev.trainspark.workers.select.BatchSelector;
import dev.trainspark.workers.select.BatchSelectors;
import dev.trainspark.workers.select.CandidateLosses;
import dev.trainspark.workers.select.Candidates;
import dev.trainspark.workers.select.LossHistogram;
import dev.trainspark.workers.select.SelectionSpec;
import org.nd4j.linalg.factory.Nd4j;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * One task's part of a parameter-averaging round: reset the cached network to the broadcast state,
 * fit this round's minibatches of the shard, return the replica's parameters and updater state.
 *
 * <p>Each step of the loop takes the next {@code pool_factor x batch_size} rows of the epoch order
 * as candidates, lets the selector choose the rows to fit (all of them when there is no selector,
 * where the pool is exactly one minibatch), and fits those. An epoch thus still passes over the
 * shard once, as candidates, in {@code pool_factor} times fewer fitted minibatches.
 *
 * <p>A background thread assembles the next {@code prefetch} steps ahead of the fit (augmented,
 * mixed, as plain arrays; with selection, the candidates' pixels and each one's augmented pixels);
 * only the forward pass that selects, the wrapping into ND4J arrays and the fit run on the task's
 * thread. Every draw follows from the seed, epoch, partition, step and row, never from the thread
 * or the timing, so the result is the same with and without prefetch, bit for bit.
 */
public final class ShardTrainer implements Serializable {
    private static final long ORDER_SALT = 0x5EED0F5A4DL;
    static final long ND4J_SALT = 0x4ED4A11L;
    private static final long SELECT_SALT = 0x5E1EC7L;

    private final NetworkSpec spec;
    private final SelectionSpec selection;
    private final BatchAugmenter augmenter;
    private final int prefetch;

    public ShardTrainer(NetworkSpec spec) {
        this(spec, MinibatchSteps.PLAIN);
    }

    public ShardTrainer(NetworkSpec spec, MinibatchSteps steps) {
        this.spec = spec;
        this.selection = steps.selection();
        this.augmenter = steps.augmenter();
        this.prefetch = steps.prefetch();
    }

    /**
     * A round on one partition of a cached shard set: the partition's epoch order is made in its
     * first round of the epoch and reused by the later ones.
     *
     * @param shardSet identity of the cached shards: the Spark application's id and the RDD's id
     */
    public RoundResult fitRound(String shardSet, int partition, Iterator<Sample> shard, ModelState state, RoundPlan plan) {
        return fitRound(shardSet, partition, shard, () -> state, plan);
    }

    /**
     * The same, the state fetched only once the task runs (from a broadcast, say), so that the round's
     * timing counts the fetch as the task's.
     */
    public RoundResult fitRound(String shardSet, int partition, Iterator<Sample> shard, Supplier<ModelState> state,
                                RoundPlan plan) {
        TaskStart start = TaskStart.now();
        return fit(partition, EpochOrders.of(shardSet, partition, plan, shard), state, plan, start);
    }

    /** A round on a shard given whole, its epoch order made here. */
    public RoundResult fitRound(int partition, Iterator<Sample> shard, ModelState state, RoundPlan plan) {
        TaskStart start = TaskStart.now();
        return fit(partition, epochOrder(partition, shard, plan), () -> state, plan, start);
    }

    /** When the task began, on the wall clock (comparable with the driver's) and on this JVM's timer. */
    private record TaskStart(long millis, long nanos) {
        static TaskStart now() {
            return new TaskStart(System.currentTimeMillis(), System.nanoTime());
        }
    }

    private RoundResult fit(int partition, List<Sample> order, Supplier<ModelState> stateSource, RoundPlan plan,
                            TaskStart start) {
        TaskBinding.bindCurrentTask();
        int poolSize = selection.rowsPerStepFactor() * plan.batchSize();
        int nBatches = (order.size() + poolSize - 1) / poolSize;
        int first = plan.round() * plan.batchesPerRound();
        int last = Math.min(nBatches, first + plan.batchesPerRound());
        if (first >= last) {
            return RoundResult.empty();
        }
        TrainableNetwork net = NetworkPool.borrow(spec);
        try {
            ModelState state = stateSource.get();
            net.setParams(state.params());
            net.setUpdaterState(state.updaterState());
            long fitStart = System.nanoTime();
            net.setProgress(plan.iteration(), plan.epoch());
            Nd4j.getRandom().setSeed(plan.streamSeed(partition, ND4J_SALT + plan.round()));
            long examples = 0;
            double lossSum = 0;
            Selection selected = selection.selects() ? new Selection(partition, plan) : null;
            String threadName = "trainspark-prefetch-" + partition;
            // The network is needed only to select; everything else of a step is assembled ahead.
            MinibatchPrefetch<MinibatchArrays> batches = selected != null ? null : new MinibatchPrefetch<>(first, last,
                    prefetch, threadName, b -> augmenter.assemble(pool(order, b, poolSize), spec, plan, partition, b));
            MinibatchPrefetch<CandidatePool> pools = selected == null ? null : new MinibatchPrefetch<>(first, last,
                    prefetch, threadName, b -> CandidatePool.of(pool(order, b, poolSize), augmenter, spec, plan.epoch(), prefetch > 0));
            try {
                for (int b = first; b < last; b++) {
                    MinibatchArrays arrays = selected == null ? batches.next() : selected.choose(net, pools.next(), plan, partition, b);
                    Minibatch mb = arrays.wrap(spec.channels(), spec.height(), spec.width(), spec.numClasses());
                    net.fit(mb.features(), mb.labels());
                    lossSum += net.score();
                    examples += mb.size();
                }
            } finally {
                if (batches != null) {
                    batches.close();
                }
                if (pools != null) {
                    pools.close();
                }
            }
            long fitEnd = System.nanoTime();
            ModelState fitted = ModelState.of(net);
            RoundResult result = RoundResult.of(fitted.params(), fitted.updaterState(), examples, last - first, lossSum)
                    .withTaskTimes(new RoundTimes.TaskSide(start.millis(), System.currentTimeMillis(),
                            fitStart - start.nanos(), fitEnd - fitStart, System.nanoTime() - fitEnd));
            return selected == null ? result : selected.recordInto(result);
        } finally {
            NetworkPool.release(spec, net);
        }
    }

    /** One round's selection: the selector, its seeded stream, and what it chose. */
    private final class Selection {
        private final BatchSelector selector = BatchSelectors.of(selection);
        private final ExampleLoss loss = ExampleLoss.of(spec);
        private final SplittableRandom random;
        private final double threshold;
        private final long[] perClass = new long[spec.numClasses()];
        private final LossHistogram losses = selection.globalThreshold() ? new LossHistogram() : null;
        private long candidates;

        Selection(int partition, RoundPlan plan) {
            random = new SplittableRandom(plan.streamSeed(partition, SELECT_SALT + plan.round()));
            threshold = selection.globalThreshold() ? plan.lossThreshold() : Double.NaN;
        }

        /** The step's minibatch: the candidates the selector keeps, mixed from their augmented pixels. */
        MinibatchArrays choose(TrainableNetwork net, CandidatePool pool, RoundPlan plan, int partition, int batchIndex) {
            List<Sample> rows = pool.rows();
            String[] ids = new String[rows.size()];
            int[] labels = new int[rows.size()];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = rows.get(i).id();
                labels[i] = rows.get(i).label();
            }
            double[] poolLosses = CandidateLosses.of(net, pool.featureArray(spec), labels, loss);
            candidates += rows.size();
            if (losses != null) {
                losses.addAll(poolLosses);
            }
            List<Sample> batch = new ArrayList<>();
            List<float[]> augmented = new ArrayList<>();
            for (int i : selector.select(new Candidates(ids, labels, poolLosses), batchSize(rows), threshold, random)) {
                batch.add(rows.get(i));
                augmented.add(pool.augmented(i, augmenter, spec, plan.epoch()));
                perClass[labels[i]]++;
            }
            return augmenter.mix(batch, augmented, spec, plan, partition, batchIndex);
        }

        /** The minibatch size, or for the epoch's last, shorter pool the same share of it. */
        private int batchSize(List<Sample> pool) {
            return (pool.size() + selection.poolFactor() - 1) / selection.poolFactor();
        }

        RoundResult recordInto(RoundResult result) {
            return result.withSelection(candidates, perClass, losses);
        }
    }

    /** The candidates of step {@code b}: the next pool of the epoch order (shorter at its end). */
    private static List<Sample> pool(List<Sample> order, int b, int poolSize) {
        return order.subList(b * poolSize, Math.min(order.size(), (b + 1) * poolSize));
    }

    /** The shard in this epoch's order: sorted by id (arrival order is not stable), then seeded shuffle. */
    static List<Sample> epochOrder(int partition, Iterator<Sample> shard, RoundPlan plan) {
        List<Sample> samples = new ArrayList<>();
        shard.forEachRemaining(samples::add);
        samples.sort(Comparator.comparing(Sample::id));
        Collections.shuffle(samples, new Random(plan.streamSeed(partition, ORDER_SALT)));
        return samples;
    }
}
