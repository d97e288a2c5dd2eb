package dev.trainspark.bench;

/**
 * Images trained per second by one contender.
 *
 * @param cpuSeconds CPU time of this JVM over the timed part (in local mode the executors' too); NaN when not measured
 */
public record Throughput(String name, long images, double seconds, double cpuSeconds) {
    public Throughput(String name, long images, double seconds) {
        this(name, images, seconds, Double.NaN);
    }

    public double imagesPerSecond() {
        return images / seconds;
    }
}
