package dev.trainspark.pipeline.metrics;

import java.io.Serializable;

/**
 * One bin of the reliability diagram: predictions whose confidence lies in {@code (lower, upper]}
 * (the first bin also holds 0).
 *
 * @param meanConfidence mean confidence of the bin's predictions; NaN for an empty bin
 * @param accuracy       fraction of the bin's predictions that are correct; NaN for an empty bin
 */
public record ReliabilityBin(double lower, double upper, long count, double meanConfidence, double accuracy)
        implements Serializable {
    public ReliabilityBin {
        if (count < 0 || !(lower <= upper)) {
            throw new IllegalArgumentException("reliability bin (" + lower + ", " + upper + "] with count " + count
                    + "; accepted lower <= upper and count >= 0");
        }
    }
}
