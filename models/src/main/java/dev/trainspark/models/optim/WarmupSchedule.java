package dev.trainspark.models.optim;

import org.nd4j.linalg.schedule.ISchedule;

/**
 * Linear warmup in front of another schedule: from {@code startValue} at iteration 0 up to the
 * value the other schedule starts with, over {@code iterations}; from then on the other schedule,
 * counted from the end of the warmup ({@code after.valueAt(i - iterations)}), so a decay starts
 * where the warmup stops rather than partway through.
 *
 * @param after       the schedule that follows the warmup
 * @param iterations  length of the warmup, at least 1
 * @param startValue  the rate at iteration 0
 */
public record WarmupSchedule(ISchedule after, int iterations, double startValue) implements ISchedule {
    public WarmupSchedule {
        if (after == null || iterations < 1) {
            throw new IllegalArgumentException("a warmup needs a schedule to follow and at least 1 iteration, got " + iterations);
        }
    }

    @Override
    public double valueAt(int iteration, int epoch) {
        if (iteration >= iterations) {
            return after.valueAt(iteration - iterations, epoch);
        }
        double target = after.valueAt(0, epoch);
        return startValue + (target - startValue) * iteration / iterations;
    }

    @Override
    public ISchedule clone() {
        return new WarmupSchedule(after.clone(), iterations, startValue);
    }
}
