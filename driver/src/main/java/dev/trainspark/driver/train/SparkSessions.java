package dev.trainspark.driver.train;

import dev.trainspark.driver.config.SparkConfig;
import dev.trainspark.workers.logging.BundledLogging;
import dev.trainspark.workers.serial.KryoRecords;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

import java.util.Arrays;

/** Builds the Spark session of a run: the config's master for local runs, spark-submit's otherwise. */
public final class SparkSessions {
    private SparkSessions() {
    }

    public static SparkSession create(SparkConfig config) {
        SparkConf conf = new SparkConf();
        if (!conf.contains("spark.master")) {
            conf.setMaster(config.master());
        }
        conf.setIfMissing("spark.app.name", config.appName());
        boolean local = conf.get("spark.master").startsWith("local");
        if (local) {
            // A local run is a command-line tool: no web UI, few shuffle partitions for small data.
            conf.setIfMissing("spark.ui.enabled", "false");
            conf.setIfMissing("spark.sql.shuffle.partitions", "8");
        }
        // Each round broadcasts the model state and every task returns one: float noise that LZ4 cannot
        // shrink but spends time on, and results past the default 1 MB that would be parked in the
        // block manager and fetched in a second trip instead of arriving with the task's status.
        conf.setIfMissing("spark.broadcast.compress", "false");
        conf.setIfMissing("spark.task.maxDirectResultSize", "128m");
        config.conf().forEach(conf::set);
        addToList(conf, "spark.plugins", BundledLogging.class.getName());
        if (KryoRecords.KRYO.equals(conf.get("spark.serializer", "").trim())) {
            // Kryo is the cluster's serializer: the project's objects keep their own serialization under it.
            addToList(conf, "spark.kryo.registrator", KryoRecords.class.getName());
        }
        SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        return spark;
    }

    /** Adds a class to a comma-separated list setting ({@code key}), keeping the ones spark-submit or the config named. */
    private static void addToList(SparkConf conf, String key, String className) {
        String named = conf.get(key, "").trim();
        if (!Arrays.asList(named.split("\\s*,\\s*")).contains(className)) {
            conf.set(key, named.isEmpty() ? className : named + "," + className);
        }
    }
}
