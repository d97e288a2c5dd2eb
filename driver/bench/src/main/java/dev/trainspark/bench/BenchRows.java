package dev.trainspark.bench;

import dev.trainspark.driver.config.TrainsparkConfig;
import dev.trainspark.driver.run.RunDirectory;
import dev.trainspark.driver.train.DatasetSource;
import dev.trainspark.pipeline.ingest.DatasetInfo;
import dev.trainspark.pipeline.ingest.ImageIngest;
import dev.trainspark.pipeline.split.ClassRank;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The rows a training benchmark measures on: the config's dataset (ingested into the run when it
 * is raw images), at most {@code imagesPerClass} of each class, chosen by the seeded class rank so
 * every contender and every run gets the same ones.
 *
 * @param info     the dataset's classes and counts
 * @param rows     the chosen rows
 * @param perClass chosen rows per class
 */
record BenchRows(DatasetInfo info, Dataset<Row> rows, Map<String, Long> perClass) {
    static BenchRows firstPerClass(SparkSession spark, TrainsparkConfig config, RunDirectory run, PrintStream console,
                                   int imagesPerClass) throws IOException {
        Path datasetDir = DatasetSource.resolve(spark, config.data(), run, console);
        DatasetInfo info = ImageIngest.readInfo(run.files(), datasetDir);
        Map<String, Long> perClass = new LinkedHashMap<>();
        info.perClass().forEach((c, n) -> perClass.put(c, Math.min(n, imagesPerClass)));
        Dataset<Row> rows = ClassRank.firstPerClass(new ImageIngest(spark).rows(datasetDir), perClass, config.seed());
        return new BenchRows(info, rows, perClass);
    }
}
