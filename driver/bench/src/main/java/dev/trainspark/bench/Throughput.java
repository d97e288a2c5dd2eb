package dev.trainspark.bench;

/** Images trained per second by one contender. */
public record Throughput(String name, long images, double seconds) {
    public double imagesPerSecond() {
        return images / seconds;
    }
}
