package dev.trainspark.driver.train;

import dev.trainspark.pipeline.BadDataException;
import dev.trainspark.pipeline.image.ImageShape;
import dev.trainspark.pipeline.ingest.DatasetColumns;
import dev.trainspark.pipeline.shard.StratifiedSharding;
import dev.trainspark.workers.fit.Sample;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

import java.util.List;
import java.util.Map;

/**
 * The decoded training shards (partition i = shard i, cached on the executors for all rounds) and
 * the decoded evaluation rows.
 *
 * @param shards         training samples, one partition per worker
 * @param maxShardSize   rows in the largest shard; fixes the rounds per epoch
 * @param trainPerClass  training rows per class
 */
public record TrainingData(JavaRDD<Sample> shards, long maxShardSize, Map<String, Long> trainPerClass) {

    /**
     * @param train          training rows of the ingested dataset
     * @param trainPerClass  their count per class (known on the driver from the split arithmetic)
     */
    public static TrainingData shard(Dataset<Row> train, Map<String, Long> trainPerClass, List<String> classes,
                                     ImageShape shape, int workers, long seed) {
        long total = trainPerClass.values().stream().mapToLong(Long::longValue).sum();
        if (workers > total) {
            throw new BadDataException("train.workers is " + workers + " but the training split has only " + total
                    + " image(s); accepted: at most " + total + " workers (or more training images)");
        }
        Dataset<Row> assigned = new StratifiedSharding(workers, seed).assign(train)
                .select(StratifiedSharding.SHARD, DatasetColumns.ID, DatasetColumns.LABEL, DatasetColumns.CONTENT);
        JavaRDD<Sample> shards = assigned.javaRDD()
                .mapToPair(r -> new Tuple2<>(r.getInt(0), RowFactory.create(r.get(1), r.get(2), r.get(3))))
                .partitionBy(new HashPartitioner(workers))
                .values()
                .mapPartitions(new DecodeSamples(shape, classes), true)
                .persist(StorageLevel.MEMORY_AND_DISK());
        long maxShard = trainPerClass.values().stream().mapToLong(n -> (n + workers - 1) / workers).sum();
        return new TrainingData(shards, maxShard, trainPerClass);
    }

    /** Evaluation rows, decoded and cached, in {@code partitions} partitions. */
    public static JavaRDD<Sample> evaluationSet(Dataset<Row> rows, List<String> classes, ImageShape shape, int partitions) {
        return rows.select(DatasetColumns.ID, DatasetColumns.LABEL, DatasetColumns.CONTENT)
                .repartition(partitions)
                .javaRDD()
                .mapPartitions(new DecodeSamples(shape, classes))
                .persist(StorageLevel.MEMORY_AND_DISK());
    }
}
