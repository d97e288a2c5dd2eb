package dev.trainspark.models;

import java.io.Serializable;
import java.util.List;
import java.util.Locale;

/**
 * How the learning rate changes with the iteration (the global minibatch count, the same on every
 * worker): an optional linear warmup, then a decay that starts where the warmup ends.
 * <ul>
 *   <li>{@code constant}: the learning rate;</li>
 *   <li>{@code step}: {@code lr gamma^floor(i / step_size)};</li>
 *   <li>{@code exponential}: {@code lr gamma^i};</li>
 *   <li>{@code cosine}: {@code min_lr + (lr - min_lr) (1 + cos(pi i / T)) / 2};</li>
 *   <li>{@code polynomial}: {@code (lr - min_lr) (1 - i / T)^power + min_lr};</li>
 * </ul>
 * where {@code i} counts from the end of the warmup and {@code T = total_iterations - warmup_iterations},
 * so cosine and polynomial reach {@code min_lr} at {@code total_iterations}. The warmup goes linearly
 * from {@code warmup_start x lr} at iteration 0 to {@code lr} at {@code warmup_iterations}.
 *
 * @param type              constant, step, exponential, cosine or polynomial
 * @param warmupIterations  iterations of linear warmup, >= 0
 * @param warmupStart       the warmup's first rate as a share of the learning rate, in [0, 1]
 * @param stepSize          step: iterations between decays, > 0
 * @param gamma             step and exponential: the decay factor, in (0, 1]
 * @param totalIterations   cosine and polynomial: iterations from the start (warmup included) to
 *                          {@code min_lr}; 0 = the whole run, filled in by the trainer
 * @param minLr             cosine and polynomial: the floor, >= 0 (at most the learning rate)
 * @param power             polynomial: the exponent, > 0
 */
public record ScheduleSpec(String type, int warmupIterations, double warmupStart, int stepSize, double gamma,
                           int totalIterations, double minLr, double power) implements Serializable {
    public static final String CONSTANT = "constant";
    public static final String STEP = "step";
    public static final String EXPONENTIAL = "exponential";
    public static final String COSINE = "cosine";
    public static final String POLYNOMIAL = "polynomial";
    public static final List<String> TYPES = List.of(CONSTANT, STEP, EXPONENTIAL, COSINE, POLYNOMIAL);

    public ScheduleSpec {
        type = type == null ? CONSTANT : type.trim().toLowerCase(Locale.ROOT);
        SettingCheck.require(TYPES.contains(type), "model.schedule.type", type, String.join(", ", TYPES));
        SettingCheck.require(warmupIterations >= 0, "model.schedule.warmup_iterations", warmupIterations, "an integer >= 0");
        SettingCheck.require(warmupStart >= 0 && warmupStart <= 1, "model.schedule.warmup_start", warmupStart,
                "a number from 0 to 1 (the warmup's first rate as a share of model.learning_rate)");
        if (type.equals(STEP)) {
            SettingCheck.require(stepSize > 0, "model.schedule.step_size", stepSize,
                    "an integer > 0 (iterations between decays) with type step");
        }
        if (type.equals(STEP) || type.equals(EXPONENTIAL)) {
            SettingCheck.require(gamma > 0 && gamma <= 1, "model.schedule.gamma", gamma, "a number in (0, 1] with type " + type);
        }
        if (decaysToFloor(type)) {
            SettingCheck.require(totalIterations == 0 || totalIterations > warmupIterations, "model.schedule.total_iterations",
                    totalIterations, "0 (the whole run) or an integer > model.schedule.warmup_iterations (" + warmupIterations + ")");
            SettingCheck.nonNegative("model.schedule.min_lr", minLr);
        }
        if (type.equals(POLYNOMIAL)) {
            SettingCheck.require(power > 0 && !Double.isInfinite(power), "model.schedule.power", power, "a finite number > 0");
        }
        // What the type does not use is zero, so two specs of one schedule are equal (networks are pooled by spec).
        stepSize = type.equals(STEP) ? stepSize : 0;
        gamma = type.equals(STEP) || type.equals(EXPONENTIAL) ? gamma : 0;
        totalIterations = decaysToFloor(type) ? totalIterations : 0;
        minLr = decaysToFloor(type) ? minLr : 0;
        power = type.equals(POLYNOMIAL) ? power : 0;
        warmupStart = warmupIterations > 0 ? warmupStart : 0;
    }

    /** The learning rate throughout. */
    public static ScheduleSpec constant() {
        return new ScheduleSpec(CONSTANT, 0, 0, 0, 0, 0, 0, 0);
    }

    /** Cosine and polynomial decay to {@code min_lr} at the end of the run. */
    public boolean decaysToFloor() {
        return decaysToFloor(type);
    }

    private static boolean decaysToFloor(String type) {
        return type.equals(COSINE) || type.equals(POLYNOMIAL);
    }

    /** True when the schedule ends with the run but does not yet know the run's length. */
    public boolean needsRunLength() {
        return decaysToFloor() && totalIterations == 0;
    }

    /**
     * This schedule for a run of {@code iterations} minibatches: a decay to the floor without its own
     * {@code total_iterations} ends at the run's end; any other schedule is returned as it is.
     */
    public ScheduleSpec withRunLength(int iterations) {
        if (!needsRunLength()) {
            return this;
        }
        if (iterations <= warmupIterations) {
            throw new IllegalArgumentException("model.schedule.warmup_iterations is " + warmupIterations + ", but the run has "
                    + iterations + " iterations (train.epochs x minibatches per epoch); accepted: fewer warmup iterations than "
                    + "the run has, or model.schedule.total_iterations");
        }
        return new ScheduleSpec(type, warmupIterations, warmupStart, stepSize, gamma, iterations, minLr, power);
    }

    /** The same schedule with another floor. */
    ScheduleSpec withMinLr(double floor) {
        return new ScheduleSpec(type, warmupIterations, warmupStart, stepSize, gamma, totalIterations, floor, power);
    }
}
