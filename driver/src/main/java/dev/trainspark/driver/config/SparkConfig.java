package dev.trainspark.driver.config;

import java.util.Map;
import java.util.TreeMap;

import static dev.trainspark.pipeline.ParameterChecks.CONFIG;

/**
 * The Spark session for local runs. Under spark-submit the master given there wins.
 *
 * @param master   master URL when none is set by spark-submit (default {@code local[2]})
 * @param appName  application name (default {@code trainspark})
 * @param conf     extra Spark properties, e.g. {@code spark.executor.memory}
 */
public record SparkConfig(String master, String appName, Map<String, String> conf) {
    public SparkConfig {
        master = master == null ? "local[2]" : master;
        appName = appName == null ? "trainspark" : appName;
        conf = conf == null ? Map.of() : new TreeMap<>(conf);
        CONFIG.require(!master.isBlank(), "spark.master", master, "local[N], spark://host:port, yarn, k8s://...");
    }
}
