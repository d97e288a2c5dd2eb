package dev.trainspark.pipeline.testing;

import org.apache.spark.sql.SparkSession;

/** A {@code local[2]} session for tests: no UI, few shuffle partitions. */
public final class LocalSpark {
    private LocalSpark() {
    }

    public static SparkSession start() {
        SparkSession spark = SparkSession.builder()
                .master("local[2]")
                .appName("trainspark-test")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "4")
                .getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        return spark;
    }
}
