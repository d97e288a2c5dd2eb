package dev.trainspark.workers.fit;

import java.util.ArrayList;
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
    private record Entry(String shardSet, int epoch, long seed, List<Sample> order) {
    }

    private static final Map<Integer, Entry> ORDERS = new ConcurrentHashMap<>();

    private EpochOrders() {
    }

    /**
     * @param shardSet identifies the cached shards across every Spark application this JVM has
     *                 served (the application id and the RDD's id: RDD ids start again in each
     *                 application), so a new training set never reuses an order of an earlier one
     */
    static List<Sample> of(String shardSet, int partition, RoundPlan plan, Iterator<Sample> shard) {
        // The partition is read to its end in any case: a cached block's read lock is released only
        // when its iterator is exhausted. Walking the cached objects costs little; sorting and
        // shuffling them again is what is saved.
        List<Sample> rows = new ArrayList<>();
        shard.forEachRemaining(rows::add);
        Entry e = ORDERS.get(partition);
        if (e != null && e.shardSet().equals(shardSet) && e.epoch() == plan.epoch() && e.seed() == plan.seed()
                && e.order().size() == rows.size()) {
            return e.order();
        }
        List<Sample> order = ShardTrainer.epochOrder(partition, rows.iterator(), plan);
        ORDERS.put(partition, new Entry(shardSet, plan.epoch(), plan.seed(), order));
        return order;
    }
}
