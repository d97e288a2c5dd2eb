package dev.trainspark.pipeline.shard;

import dev.trainspark.pipeline.split.ClassRank;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;

/** Deals each class's rows round-robin over the shards in seeded-rank order. */
public final class StratifiedSharding {
    public static final String SHARD = "shard";

    private final int shards;
    private final long seed;

    public StratifiedSharding(int shards, long seed) {
        if (shards < 1) {
            throw new IllegalArgumentException("train.workers is " + shards + "; accepted: an integer >= 1");
        }
        this.shards = shards;
        this.seed = seed;
    }

    public Dataset<Row> assign(Dataset<Row> rows) {
        return rows.withColumn(SHARD, pmod(ClassRank.rank(seed).minus(lit(1)), lit(shards)).cast("int"));
    }

    public int shards() {
        return shards;
    }

}
