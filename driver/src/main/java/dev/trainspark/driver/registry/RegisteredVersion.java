package dev.trainspark.driver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.hadoop.fs.Path;

/**
 * A registered version: its number, folder and {@code version.json} (times, parent, Spark
 * application, the figures it scored on the frozen evaluation split, the retrain's decision).
 */
public record RegisteredVersion(int number, Path dir, JsonNode info) {
    /** A figure of its evaluation (e.g. balanced_accuracy), NaN when not recorded. */
    public double metric(String name) {
        JsonNode v = info.path("metrics").path(name);
        return v.isNumber() ? v.asDouble() : Double.NaN;
    }
}
