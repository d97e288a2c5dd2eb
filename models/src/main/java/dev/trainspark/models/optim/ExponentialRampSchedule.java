package dev.trainspark.models.optim;

import org.nd4j.linalg.schedule.ISchedule;

/**
 * A rate that moves geometrically from {@code start} at iteration 0 to {@code end} at iteration
 * {@code last}: {@code start (end / start)^(i / last)}, the same factor every iteration. Rising, it
 * is the sweep of a learning-rate range test (Smith 2017), where each iteration tries a rate a
 * constant factor above the one before, so every decade gets as many iterations.
 *
 * @param start  the rate at iteration 0, > 0
 * @param end    the rate at iteration {@code last}, > 0
 * @param last   the iteration that reaches {@code end}, at least 1
 */
public record ExponentialRampSchedule(double start, double end, int last) implements ISchedule {
    public ExponentialRampSchedule {
        if (!(start > 0 && end > 0 && Double.isFinite(start) && Double.isFinite(end)) || last < 1) {
            throw new IllegalArgumentException("an exponential ramp needs finite rates > 0 and at least 1 iteration, got "
                    + start + " to " + end + " over " + last);
        }
    }

    @Override
    public double valueAt(int iteration, int epoch) {
        if (iteration == last) {
            // Exactly the end rate, not a rounding away from it.
            return end;
        }
        return start * Math.pow(end / start, (double) iteration / last);
    }

    @Override
    public ISchedule clone() {
        // Immutable: DL4J clones schedules only so that no two layers share mutable state.
        return this;
    }
}
