package dev.trainspark.driver.config;

import dev.trainspark.models.ScheduleSpec;

import static dev.trainspark.pipeline.ParameterChecks.CONFIG;

/**
 * {@code model.schedule}: how the learning rate changes with the iteration (default: constant).
 * See {@link ScheduleSpec} for the formulas.
 *
 * @param type              {@code constant}, {@code step}, {@code exponential}, {@code cosine} or {@code polynomial}
 * @param warmupIterations  linear warmup at the start, in iterations (default 0)
 * @param warmupStart       the warmup's first rate as a share of {@code model.learning_rate} (default 0)
 * @param stepSize          step: iterations between decays (required)
 * @param gamma             step: factor per step (default 0.1); exponential: factor per iteration (required)
 * @param totalIterations   cosine, polynomial: iterations until {@code min_lr}, warmup included (default:
 *                          the whole run, {@code train.epochs} x fitted minibatches per epoch)
 * @param minLr             cosine, polynomial: the final rate (default 0)
 * @param power             polynomial: the exponent (default 1, linear)
 */
public record ScheduleConfig(String type, Integer warmupIterations, Double warmupStart, Integer stepSize, Double gamma,
                             Integer totalIterations, Double minLr, Double power) {
    public ScheduleConfig {
        type = type == null ? ScheduleSpec.CONSTANT : type;
        warmupIterations = warmupIterations == null ? 0 : warmupIterations;
        warmupStart = warmupStart == null ? 0.0 : warmupStart;
        totalIterations = totalIterations == null ? 0 : totalIterations;
        minLr = minLr == null ? 0.0 : minLr;
        power = power == null ? 1.0 : power;
        String kind = type.trim().toLowerCase(java.util.Locale.ROOT);
        if (kind.equals(ScheduleSpec.STEP)) {
            CONFIG.require(stepSize != null, "model.schedule.step_size", stepSize,
                    "an integer > 0 (iterations between decays) with type step");
            gamma = gamma == null ? 0.1 : gamma;
        }
        if (kind.equals(ScheduleSpec.EXPONENTIAL)) {
            CONFIG.require(gamma != null, "model.schedule.gamma", gamma, "a number in (0, 1], the factor per iteration, "
                    + "with type exponential");
        }
        CONFIG.atLeast("model.schedule.total_iterations", totalIterations, 0);
        spec(type, warmupIterations, warmupStart, stepSize, gamma, totalIterations, minLr, power);
    }

    public static ScheduleConfig constant() {
        return new ScheduleConfig(null, null, null, null, null, null, null, null);
    }

    public ScheduleSpec spec() {
        return spec(type, warmupIterations, warmupStart, stepSize, gamma, totalIterations, minLr, power);
    }

    private static ScheduleSpec spec(String type, int warmupIterations, double warmupStart, Integer stepSize, Double gamma,
                                     int totalIterations, double minLr, double power) {
        return new ScheduleSpec(type, warmupIterations, warmupStart, stepSize == null ? 0 : stepSize,
                gamma == null ? 0 : gamma, totalIterations, minLr, power);
    }
}
