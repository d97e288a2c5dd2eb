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
        addPlugin(conf, BundledLogging.class.getName());
        KryoRecords.addTo(conf);
        SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        return spark;
    }

    /** Adds a plugin to {@code spark.plugins}, keeping the ones spark-submit or the config named. */
    private static void addPlugin(SparkConf conf, String plugin) {
        String plugins = conf.get("spark.plugins", "").trim();
        if (!Arrays.asList(plugins.split("\\s*,\\s*")).contains(plugin)) {
            conf.set("spark.plugins", plugins.isEmpty() ? plugin : plugins + "," + plugin);
        }
    }
}
