package dev.trainspark.workers.fit;

import dev.trainspark.models.ModelState;
import dev.trainspark.models.NetworkSpec;
import dev.trainspark.workers.device.TaskBinding;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.factory.Nd4j;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

/**
 * One task's part of a parameter-averaging round: reset the cached network to the broadcast state,
 * fit this round's minibatches of the shard, return the replica's parameters and updater state.
 */
public final class ShardTrainer implements Serializable {
    private static final long ORDER_SALT = 0x5EED0F5A4DL;
    private static final long ND4J_SALT = 0x4ED4A11L;

    private final NetworkSpec spec;
    private final BatchAugmenter augmenter;

    public ShardTrainer(NetworkSpec spec) {
        this(spec, BatchAugmenter.none());
    }

    public ShardTrainer(NetworkSpec spec, BatchAugmenter augmenter) {
        this.spec = spec;
        this.augmenter = augmenter;
    }

    /**
     * A round on one partition of a cached shard set: the partition's epoch order is made in its
     * first round of the epoch and reused by the later ones.
     *
     * @param shardSet id of the cached shards (the RDD's id)
     */
    public RoundResult fitRound(int shardSet, int partition, Iterator<Sample> shard, ModelState state, RoundPlan plan) {
        return fit(partition, EpochOrders.of(shardSet, partition, plan, shard), state, plan);
    }

    /** A round on a shard given whole, its epoch order made here. */
    public RoundResult fitRound(int partition, Iterator<Sample> shard, ModelState state, RoundPlan plan) {
        return fit(partition, epochOrder(partition, shard, plan), state, plan);
    }

    private RoundResult fit(int partition, List<Sample> order, ModelState state, RoundPlan plan) {
        TaskBinding.bindCurrentTask();
        int nBatches = (order.size() + plan.batchSize() - 1) / plan.batchSize();
        int first = plan.round() * plan.batchesPerRound();
        int last = Math.min(nBatches, first + plan.batchesPerRound());
        if (first >= last) {
            return RoundResult.empty();
        }
        MultiLayerNetwork net = NetworkPool.borrow(spec);
        try {
            net.setParams(Nd4j.create(state.params()));
            if (state.updaterState().length > 0) {
                // An updater without state (plain SGD) has nothing to restore, and DL4J refuses an empty array.
                net.getUpdater().setStateViewArray(net, Nd4j.create(state.updaterState()), false);
            }
            net.getLayerWiseConfigurations().setIterationCount(plan.iteration());
            net.getLayerWiseConfigurations().setEpochCount(plan.epoch());
            Nd4j.getRandom().setSeed(plan.streamSeed(partition, ND4J_SALT + plan.round()));
            long examples = 0;
            double lossSum = 0;
            for (int b = first; b < last; b++) {
                List<Sample> batch = order.subList(b * plan.batchSize(), Math.min(order.size(), (b + 1) * plan.batchSize()));
                Minibatch mb = augmenter.minibatch(batch, spec, plan, partition, b);
                net.fit(mb.features(), mb.labels());
                lossSum += net.score();
                examples += mb.size();
            }
            ModelState fitted = ModelState.of(net);
            return RoundResult.of(fitted.params(), fitted.updaterState(), examples, last - first, lossSum);
        } finally {
            NetworkPool.release(spec, net);
        }
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
