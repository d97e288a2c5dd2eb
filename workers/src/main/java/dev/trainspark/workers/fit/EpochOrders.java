package dev.trainspark.workers.fit;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The epoch order of every shard partition this executor JVM fits, kept for the current epoch
 * only: a shard is sorted and shuffled once per epoch, not once per round. One entry per partition
 * index, replaced when another shard set or epoch comes, so what is held stays bounded by the
 * shards themselves (the samples are those of the cached partition, not copies).
 */
final class EpochOrders {
    private record Entry(int shardSet, int epoch, long seed, List<Sample> order) {
    }

    private static final Map<Integer, Entry> ORDERS = new ConcurrentHashMap<>();

    private EpochOrders() {
    }

    /**
     * @param shardSet identifies the cached shards (the RDD's id), so a new training set never
     *                 reuses an order of an earlier one
     */
    static List<Sample> of(int shardSet, int partition, RoundPlan plan, Iterator<Sample> shard) {
        Entry e = ORDERS.get(partition);
        if (e != null && e.shardSet() == shardSet && e.epoch() == plan.epoch() && e.seed() == plan.seed()) {
            // Read to the end all the same: a cached block's read lock is released only when its
            // iterator is exhausted. Walking the cached objects costs little; sorting and shuffling
            // them again is what is saved.
            shard.forEachRemaining(s -> { });
            return e.order();
        }
        List<Sample> order = ShardTrainer.epochOrder(partition, shard, plan);
        ORDERS.put(partition, new Entry(shardSet, plan.epoch(), plan.seed(), order));
        return order;
    }
}
