package dev.trainspark.driver.train;

import dev.trainspark.pipeline.BadDataException;
import dev.trainspark.pipeline.augment.RandomAffine;
import dev.trainspark.pipeline.image.ImageShape;
import dev.trainspark.pipeline.ingest.DatasetColumns;
import dev.trainspark.pipeline.rebalance.RebalanceColumns;
import dev.trainspark.pipeline.shard.StratifiedSharding;
import dev.trainspark.workers.decode.DecodeSamples;
import dev.trainspark.workers.fit.Sample;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.col;

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
        requireEnoughRows(trainPerClass, workers);
        Dataset<Row> assigned = new StratifiedSharding(workers, seed).assign(train)
                .select(StratifiedSharding.SHARD, DatasetColumns.ID, DatasetColumns.LABEL, DatasetColumns.CONTENT);
        return intoShards(assigned, trainPerClass, workers, new DecodeSamples(shape, classes));
    }

    /**
     * Shards a rebalanced training set: recipe rows ({@link RebalanceColumns#SCHEMA}) whose parents'
     * encoded images are joined on from {@code ingested}; workers make the pixels as they decode.
     *
     * @param perClass  recipe rows per class
     * @param pixelStd  per-class pixel deviations for smoothed-bootstrap rows, or null
     * @param copyAugmentation warp for duplicate rows, or null
     */
    public static TrainingData shardRecipes(Dataset<Row> recipes, Dataset<Row> ingested, Map<String, Long> perClass,
                                            List<String> classes, ImageShape shape, int workers, long seed,
                                            Broadcast<Map<String, float[]>> pixelStd, RandomAffine copyAugmentation) {
        requireEnoughRows(perClass, workers);
        Dataset<Row> assigned = withParents(new StratifiedSharding(workers, seed).assign(recipes), ingested)
                .select(recipeColumns(col(StratifiedSharding.SHARD)));
        return intoShards(assigned, perClass, workers, new DecodeSamples(shape, classes, pixelStd, copyAugmentation));
    }

    /**
     * Rows whose first column is the shard number go to partition {@code shard}, are decoded there
     * from the remaining columns, and stay cached for every round.
     */
    private static TrainingData intoShards(Dataset<Row> assigned, Map<String, Long> perClass, int workers, DecodeSamples decode) {
        JavaRDD<Sample> shards = assigned.javaRDD()
                .mapToPair(r -> {
                    Object[] rest = new Object[r.size() - 1];
                    for (int i = 1; i < r.size(); i++) {
                        rest[i - 1] = r.get(i);
                    }
                    return new Tuple2<>(r.getInt(0), RowFactory.create(rest));
                })
                .partitionBy(new HashPartitioner(workers))
                .values()
                .mapPartitions(decode, true)
                .persist(StorageLevel.MEMORY_AND_DISK());
        long maxShard = perClass.values().stream().mapToLong(n -> (n + workers - 1) / workers).sum();
        return new TrainingData(shards, maxShard, perClass);
    }

    /** The columns {@link DecodeSamples} reads from a recipe row, after any leading columns given. */
    private static Column[] recipeColumns(Column... leading) {
        Column[] columns = Arrays.copyOf(leading, leading.length + DecodeSamples.RECIPE_COLUMNS.length);
        for (int i = 0; i < DecodeSamples.RECIPE_COLUMNS.length; i++) {
            columns[leading.length + i] = col(DecodeSamples.RECIPE_COLUMNS[i]);
        }
        return columns;
    }

    /** Recipe rows made into pixels (not cached), e.g. to write them out as images. */
    public static JavaRDD<Sample> materialize(Dataset<Row> recipes, Dataset<Row> ingested, List<String> classes, ImageShape shape,
                                              Broadcast<Map<String, float[]>> pixelStd, RandomAffine copyAugmentation) {
        return withParents(recipes, ingested).select(recipeColumns()).javaRDD()
                .mapPartitions(new DecodeSamples(shape, classes, pixelStd, copyAugmentation));
    }

    /** Joins the encoded images of each recipe's parents on, as {@code content_a} and {@code content_b}. */
    private static Dataset<Row> withParents(Dataset<Row> recipes, Dataset<Row> ingested) {
        Dataset<Row> a = ingested.select(col(DatasetColumns.ID).as("_a"), col(DatasetColumns.CONTENT).as("content_a"));
        Dataset<Row> b = ingested.select(col(DatasetColumns.ID).as("_b"), col(DatasetColumns.CONTENT).as("content_b"));
        return recipes.join(a, col(RebalanceColumns.PARENT_A).equalTo(col("_a")))
                .join(b, col(RebalanceColumns.PARENT_B).equalTo(col("_b")), "left_outer");
    }

    private static void requireEnoughRows(Map<String, Long> perClass, int workers) {
        long total = perClass.values().stream().mapToLong(Long::longValue).sum();
        if (workers > total) {
            throw new BadDataException("train.workers is " + workers + " but the training split has only " + total
                    + " image(s); accepted: at most " + total + " workers (or more training images)");
        }
    }

    /** Evaluation rows, decoded and cached, in {@code partitions} partitions. */
    public static JavaRDD<Sample> evaluationSet(Dataset<Row> rows, List<String> classes, ImageShape shape, int partitions) {
        return rows.select(DatasetColumns.ID, DatasetColumns.LABEL, DatasetColumns.CONTENT, DatasetColumns.PATH)
                .repartition(partitions)
                .javaRDD()
                .mapPartitions(new DecodeSamples(shape, classes))
                .persist(StorageLevel.MEMORY_AND_DISK());
    }
}
