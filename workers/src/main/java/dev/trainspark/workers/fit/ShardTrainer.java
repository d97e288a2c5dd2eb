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

import dev.trainspark.workers.allreduce.ReplicaSum;

import java.io.IOException;
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
        int nBatches = batchCount(order, plan);
        int first = plan.round() * plan.batchesPerRound();
        int last = Math.min(nBatches, first + plan.batchesPerRound());
        if (first >= last) {
            return RoundResult.empty();
        }
        TrainableNetwork net = NetworkPool.borrow(spec);
        try (Steps steps = new Steps(order, plan, partition, first, last)) {
            ModelState state = stateSource.get();
            net.setParams(state.params());
            net.setUpdaterState(state.updaterState());
            long fitStart = System.nanoTime();
            Tally tally = steps.fit(net, plan, first, last);
            long fitEnd = System.nanoTime();
            ModelState fitted = ModelState.of(net);
            return tally.result(fitted.params(), fitted.updaterState())
                    .withTaskTimes(new RoundTimes.TaskSide(start.millis(), System.currentTimeMillis(),
                            fitStart - start.nanos(), fitEnd - fitStart, System.nanoTime() - fitEnd));
        } finally {
            NetworkPool.release(spec, net);
        }
    }

    /**
     * Every round of an epoch in this one task, the replicas averaged among the epoch's tasks after
     * each round through {@code sum} (a TCP ring, or memory when all tasks share this JVM) instead of
     * through the driver. Each round is what
     * {@link #fitRound} does with the same plan (same minibatches, same random streams, the
     * network reset to the mean state and the round's iteration), so with two workers an epoch ends
     * on the same state as the driver's rounds, bit for bit: the ring's float sum halved is the
     * driver's double sum halved, rounded once. Minibatches are assembled ahead across rounds, so
     * the background thread keeps working while the replicas are averaged.
     *
     * @param firstRound the plan of the epoch's first round; round r's follows from it
     * @param rounds     the epoch's rounds: every task takes part in each, also after its shard ran out
     * @param sink       told each round's figures of this task as soon as the round's sum is done
     * @return this task's figures per round, and for partition 0 the state after the epoch
     */
    public EpochReport fitEpoch(String shardSet, int partition, Iterator<Sample> shard, Supplier<ModelState> stateSource,
                                RoundPlan firstRound, int rounds, ReplicaSum sum, RoundSink sink) throws IOException {
        TaskStart start = TaskStart.now();
        TaskBinding.bindCurrentTask();
        List<Sample> order = EpochOrders.of(shardSet, partition, firstRound, shard);
        int nBatches = batchCount(order, firstRound);
        int perRound = firstRound.batchesPerRound();
        TrainableNetwork net = NetworkPool.borrow(spec);
        try (Steps steps = new Steps(order, firstRound, partition, 0, Math.min(nBatches, rounds * perRound))) {
            ModelState state = stateSource.get();
            net.setParams(state.params());
            net.setUpdaterState(state.updaterState());
            ReplicaMean mean = new ReplicaMean(sum, state.params().length, state.updaterState().length);
            List<RoundResult> results = new ArrayList<>(rounds);
            List<RoundTimes> times = new ArrayList<>(rounds);
            double threshold = firstRound.lossThreshold();
            long roundStart = start.nanos();
            for (int r = 0; r < rounds; r++) {
                RoundPlan plan = new RoundPlan(firstRound.epoch(), r, firstRound.batchSize(), perRound,
                        firstRound.iteration() + r * perRound, firstRound.seed(), threshold);
                long fitStart = System.nanoTime();
                int first = r * perRound;
                int last = Math.min(nBatches, first + perRound);
                RoundResult local = first < last ? steps.fit(net, plan, first, last).result(NO_STATE, NO_STATE)
                        : RoundResult.empty();
                long fitEnd = System.nanoTime();
                mean.put(net, local.replicas() > 0);
                long written = System.nanoTime();
                mean.exchange();
                if (selection.globalThreshold()) {
                    LossHistogram losses = local.candidateLosses() == null ? new LossHistogram() : local.candidateLosses();
                    double[] counts = losses.countsAsDoubles();
                    sum.sumInPlace(counts);
                    threshold = LossHistogram.ofCounts(counts).quantile(1 - selection.keptShare());
                }
                long exchanged = System.nanoTime();
                mean.takeInto(net);
                long end = System.nanoTime();
                RoundTimes roundTimes = new RoundTimes(0, 0, (fitStart - roundStart) / 1e9, (fitEnd - fitStart) / 1e9,
                        (written - fitEnd) / 1e9, (exchanged - written) / 1e9, (end - exchanged) / 1e9, (end - roundStart) / 1e9);
                results.add(local);
                times.add(roundTimes);
                sink.accept(r, start.millis(), local, roundTimes);
                roundStart = end;
            }
            return new EpochReport(partition, start.millis(), System.currentTimeMillis(), results, times,
                    partition == 0 ? ModelState.of(net) : null);
        } finally {
            NetworkPool.release(spec, net);
        }
    }

    private static final float[] NO_STATE = new float[0];

    private int batchCount(List<Sample> order, RoundPlan plan) {
        int poolSize = selection.rowsPerStepFactor() * plan.batchSize();
        return (order.size() + poolSize - 1) / poolSize;
    }

    /** What a task fitted in a round, before its state is attached. */
    private record Tally(long examples, int batches, double lossSum, Selection selected) {
        RoundResult result(float[] params, float[] updaterState) {
            RoundResult result = RoundResult.of(params, updaterState, examples, batches, lossSum);
            return selected == null ? result : selected.recordInto(result);
        }
    }

    /**
     * The minibatches of steps {@code [first, last)} of a task, assembled ahead on a background
     * thread, and the loop that fits them.
     */
    private final class Steps implements AutoCloseable {
        private final int partition;
        private final MinibatchPrefetch<MinibatchArrays> batches;
        private final MinibatchPrefetch<CandidatePool> pools;

        /** @param plan any plan of the epoch: assembly depends on the epoch and the step, not the round */
        Steps(List<Sample> order, RoundPlan plan, int partition, int first, int last) {
            this.partition = partition;
            int poolSize = selection.rowsPerStepFactor() * plan.batchSize();
            String threadName = "trainspark-prefetch-" + partition;
            // The network is needed only to select; everything else of a step is assembled ahead.
            batches = selection.selects() ? null : new MinibatchPrefetch<>(first, last, prefetch, threadName,
                    b -> augmenter.assemble(pool(order, b, poolSize), spec, plan, partition, b));
            pools = selection.selects() ? new MinibatchPrefetch<>(first, last, prefetch, threadName,
                    b -> CandidatePool.of(pool(order, b, poolSize), augmenter, spec, plan.epoch(), prefetch > 0)) : null;
        }

        /** Fits steps {@code [first, last)} as round {@code plan.round()}: its iteration, its random streams. */
        Tally fit(TrainableNetwork net, RoundPlan plan, int first, int last) {
            net.setProgress(plan.iteration(), plan.epoch());
            Nd4j.getRandom().setSeed(plan.streamSeed(partition, ND4J_SALT + plan.round()));
            long examples = 0;
            double lossSum = 0;
            Selection selected = selection.selects() ? new Selection(partition, plan) : null;
            for (int b = first; b < last; b++) {
                MinibatchArrays arrays = selected == null ? batches.next() : selected.choose(net, pools.next(), plan, partition, b);
                Minibatch mb = arrays.wrap(spec.channels(), spec.height(), spec.width(), spec.numClasses());
                net.fit(mb.features(), mb.labels());
                lossSum += net.score();
                examples += mb.size();
            }
            return new Tally(examples, last - first, lossSum, selected);
        }

        @Override
        public void close() {
            if (batches != null) {
                batches.close();
            }
            if (pools != null) {
                pools.close();
            }
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
