package dev.trainspark.driver.train;

import dev.trainspark.driver.config.TrainsparkConfig;
import dev.trainspark.driver.run.RunDirectory;
import dev.trainspark.pipeline.ingest.DatasetColumns;
import dev.trainspark.pipeline.ingest.DatasetInfo;
import dev.trainspark.pipeline.ingest.ImageIngest;
import dev.trainspark.pipeline.split.LongTail;
import dev.trainspark.pipeline.split.StratifiedHoldout;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.col;

/**
 * The ingested dataset and its seeded holdout: the test split, and the training split (made
 * long-tailed when the config asks), with their per-class counts known on the driver from the split
 * arithmetic, so nothing is counted by scanning.
 *
 * @param rows           every ingested row
 * @param train          training rows (before any rebalancing)
 * @param test           test rows
 * @param trainPerClass  training rows per class, in class order
 * @param testPerClass   test rows per class, in class order
 */
public record PreparedData(Path datasetDir, DatasetInfo info, Dataset<Row> rows, Dataset<Row> train, Dataset<Row> test,
                           Map<String, Long> trainPerClass, Map<String, Long> testPerClass) {

    public static PreparedData load(SparkSession spark, TrainsparkConfig config, RunDirectory run, PrintStream console)
            throws IOException {
        long seed = config.seed();
        Path datasetDir = DatasetSource.resolve(spark, config.data(), run, console);
        DatasetInfo info = ImageIngest.readInfo(run.files(), datasetDir);
        Dataset<Row> rows = new ImageIngest(spark).rows(datasetDir);

        StratifiedHoldout holdout = new StratifiedHoldout(config.split().holdout(), seed);
        Map<String, Long> testPerClass = holdout.testCounts(info.perClass());
        StratifiedHoldout.Split split = holdout.apply(rows, info.perClass());
        Map<String, Long> trainPerClass = new LinkedHashMap<>();
        info.perClass().forEach((c, n) -> trainPerClass.put(c, n - testPerClass.get(c)));
        Dataset<Row> train = split.train();
        Double ratio = config.split().longTailRatio();
        if (ratio != null && ratio > 1) {
            LongTail tail = new LongTail(ratio, seed + 1);
            Map<String, Long> targets = tail.targets(info.classes(), trainPerClass);
            train = tail.apply(train, info.classes(), trainPerClass);
            targets.forEach((c, n) -> trainPerClass.put(c, Math.min(n, trainPerClass.get(c))));
        }
        return new PreparedData(datasetDir, info, rows, train, split.test(), trainPerClass, testPerClass);
    }

    /** Rows per class, in class order (0 for a class without rows): one aggregation, only the counts reach the driver. */
    public static Map<String, Long> countPerClass(Dataset<Row> rows, List<String> classes) {
        Map<String, Long> counts = new LinkedHashMap<>();
        classes.forEach(c -> counts.put(c, 0L));
        for (Row r : rows.groupBy(col(DatasetColumns.LABEL)).count().collectAsList()) {
            counts.put(r.getString(0), r.getLong(1));
        }
        return counts;
    }

    public List<String> classes() {
        return info.classes();
    }

    public long testSize() {
        return testPerClass.values().stream().mapToLong(Long::longValue).sum();
    }

    public void printClassTable(PrintStream console) {
        console.printf("split: %-12s %8s %8s%n", "class", "train", "test");
        for (String c : info.classes()) {
            console.printf("split: %-12s %8d %8d%n", c, trainPerClass.get(c), testPerClass.get(c));
        }
    }
}
