package dev.trainspark.models.optim;

import org.nd4j.linalg.schedule.ISchedule;

/**
 * Polynomial decay to a floor: {@code (initial - min) (1 - i / iterations)^power + min}, and
 * {@code minValue} from {@code iterations} on. DL4J's own {@code PolySchedule} computes
 * {@code (1 + i / maxIter)^power} and has no floor, so it is not this.
 *
 * @param initialValue the rate at iteration 0
 * @param minValue     the floor, reached at {@code iterations}
 * @param power        the exponent, > 0 (1 = linear decay)
 * @param iterations   length of the decay, at least 1
 */
public record PolynomialSchedule(double initialValue, double minValue, double power, int iterations) implements ISchedule {
    public PolynomialSchedule {
        if (iterations < 1) {
            throw new IllegalArgumentException("a polynomial schedule needs at least 1 iteration, got " + iterations);
        }
    }

    @Override
    public double valueAt(int iteration, int epoch) {
        if (iteration >= iterations) {
            return minValue;
        }
        return (initialValue - minValue) * Math.pow(1 - (double) iteration / iterations, power) + minValue;
    }

    @Override
    public ISchedule clone() {
        return this;
    }
}
