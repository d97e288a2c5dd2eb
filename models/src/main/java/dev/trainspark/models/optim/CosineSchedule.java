package dev.trainspark.models.optim;

import org.nd4j.linalg.schedule.ISchedule;

/**
 * Cosine annealing without restarts (Loshchilov and Hutter, SGDR): from {@code initialValue} at
 * iteration 0 to {@code minValue} at {@code iterations}, and {@code minValue} after that.
 *
 * @param initialValue the rate at iteration 0
 * @param minValue     the floor, reached at {@code iterations}
 * @param iterations   length of the decay, at least 1
 */
public record CosineSchedule(double initialValue, double minValue, int iterations) implements ISchedule {
    public CosineSchedule {
        if (iterations < 1) {
            throw new IllegalArgumentException("a cosine schedule needs at least 1 iteration, got " + iterations);
        }
    }

    @Override
    public double valueAt(int iteration, int epoch) {
        if (iteration >= iterations) {
            return minValue;
        }
        return minValue + (initialValue - minValue) * 0.5 * (1 + Math.cos(Math.PI * iteration / iterations));
    }

    @Override
    public ISchedule clone() {
        // Immutable: DL4J clones schedules only so that no two layers share mutable state.
        return this;
    }
}
