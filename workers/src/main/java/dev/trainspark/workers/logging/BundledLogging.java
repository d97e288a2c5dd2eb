package dev.trainspark.workers.logging;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.spark.SparkContext;
import org.apache.spark.api.plugin.DriverPlugin;
import org.apache.spark.api.plugin.ExecutorPlugin;
import org.apache.spark.api.plugin.PluginContext;
import org.apache.spark.api.plugin.SparkPlugin;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.util.Map;

/**
 * A Spark plugin that applies the {@code log4j2.properties} at the root of the cluster jar. Under
 * spark-submit, Log4j2 is configured before the application jar is on any class loader, so without a
 * config in the cluster's own {@code conf/} Spark falls back to its INFO defaults and every executor
 * logs each file it reads. Executor plugins start once the application's jars are fetched and before
 * the first task, which is the earliest point the jar's resources are visible there.
 *
 * <p>A configuration the cluster or the user chose ({@code -Dlog4j2.configurationFile},
 * {@code $SPARK_CONF_DIR/log4j2.properties}) is left alone: only Spark's fallback is replaced.
 */
public final class BundledLogging implements SparkPlugin {
    static final String RESOURCE = "log4j2.properties";
    private static final String SPARK_FALLBACK = "org/apache/spark/log4j2-defaults.properties";

    @Override
    public DriverPlugin driverPlugin() {
        return new DriverPlugin() {
            @Override
            public Map<String, String> init(SparkContext sc, PluginContext context) {
                applyIfOnSparkDefaults();
                return Map.of();
            }
        };
    }

    @Override
    public ExecutorPlugin executorPlugin() {
        return new ExecutorPlugin() {
            @Override
            public void init(PluginContext context, Map<String, String> extraConf) {
                applyIfOnSparkDefaults();
            }
        };
    }

    /** Reconfigures Log4j2 from the jar's resource when it runs on Spark's fallback; true if it did. */
    static boolean applyIfOnSparkDefaults() {
        URL bundled = BundledLogging.class.getClassLoader().getResource(RESOURCE);
        // The context Spark's own classes log through, whichever class loader holds this plugin.
        if (bundled == null
                || !(LogManager.getContext(SparkContext.class.getClassLoader(), false) instanceof LoggerContext context)) {
            return false;
        }
        URI current = context.getConfigLocation();
        if (current != null && !current.toString().endsWith(SPARK_FALLBACK)) {
            return false;
        }
        try {
            context.setConfigLocation(bundled.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("jar resource " + bundled + " is not a valid URI", e);
        }
        return true;
    }
}
