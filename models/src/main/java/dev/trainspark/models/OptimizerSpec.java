package dev.trainspark.models;

import java.io.Serializable;
import java.util.List;
import java.util.Locale;

/**
 * How the network's parameters are trained: the optimiser, its learning rate and schedule, the
 * weight penalties, the weight initialisation, dropout and gradient clipping. One record, so every
 * network definition applies the same settings the same way (through {@link NetworkBase}).
 *
 * @param updater       optimiser name, one of {@link #UPDATERS}
 * @param learningRate  step size, positive; the schedule's starting rate
 * @param l2            L2 penalty on the weights (added to the gradient before the updater), zero or positive
 * @param l1            L1 penalty on the weights, zero or positive
 * @param momentum      momentum and nesterovs: the momentum coefficient, in [0, 1)
 * @param weightDecay   decoupled weight decay (Loshchilov and Hutter): each step also subtracts
 *                      {@code rate x weight_decay x weight}, after the updater; adamw is adam with it.
 *                      Zero or positive, not together with {@code l2}
 * @param schedule      how the rate changes with the iteration; null = constant
 * @param weightInit    a DL4J weight initialisation name, one of {@link #WEIGHT_INITS}; null = the architecture's own
 * @param dropout       probability of dropping an input of a fully connected layer, in [0, 1); 0 = none
 * @param gradientClip  largest L2 norm of each layer's gradient, larger ones are scaled down to it; 0 = no clipping
 */
public record OptimizerSpec(String updater, double learningRate, double l2, double l1, double momentum, double weightDecay,
                            ScheduleSpec schedule, String weightInit, double dropout, double gradientClip)
        implements Serializable {
    public static final List<String> UPDATERS = List.of("sgd", "momentum", "nesterovs", "adagrad", "rmsprop", "adam", "adamw");
    public static final List<String> WEIGHT_INITS = List.of("xavier", "xavier_uniform", "relu", "relu_uniform", "lecun_normal",
            "normal", "uniform");
    public static final double DEFAULT_MOMENTUM = 0.9;
    /** adamw's weight decay when none is given: PyTorch's default. */
    public static final double DEFAULT_ADAMW_WEIGHT_DECAY = 0.01;

    public OptimizerSpec {
        updater = updater == null ? "adam" : updater.trim().toLowerCase(Locale.ROOT);
        SettingCheck.require(UPDATERS.contains(updater), "model.updater", updater, String.join(", ", UPDATERS));
        SettingCheck.require(learningRate > 0 && !Double.isInfinite(learningRate), "model.learning_rate", learningRate,
                "a finite number > 0");
        SettingCheck.nonNegative("model.l2", l2);
        SettingCheck.nonNegative("model.l1", l1);
        SettingCheck.require(momentum >= 0 && momentum < 1, "model.momentum", momentum, "a number in [0, 1)");
        SettingCheck.nonNegative("model.weight_decay", weightDecay);
        SettingCheck.require(l2 == 0 || weightDecay == 0, "model.l2", l2, "0 when model.weight_decay is set (it is "
                + weightDecay + "; DL4J applies one or the other: set model.l2=0 or model.weight_decay=0)");
        schedule = schedule == null ? ScheduleSpec.constant() : schedule;
        if (schedule.decaysToFloor()) {
            SettingCheck.require(schedule.minLr() <= learningRate, "model.schedule.min_lr", schedule.minLr(),
                    "a number from 0 to model.learning_rate (" + learningRate + ")");
        }
        weightInit = weightInit == null ? null : weightInit.trim().toLowerCase(Locale.ROOT);
        SettingCheck.require(weightInit == null || WEIGHT_INITS.contains(weightInit), "model.weight_init", weightInit,
                String.join(", ", WEIGHT_INITS) + ", or unset for the architecture's own");
        SettingCheck.require(dropout >= 0 && dropout < 1, "model.dropout", dropout,
                "a probability of dropping in [0, 1); 0 = no dropout");
        SettingCheck.nonNegative("model.gradient_clip", gradientClip);
    }

    /**
     * The optimiser with defaults for the rest: momentum 0.9, no L1, no decoupled weight decay (adamw:
     * 0.01), a constant rate, the architecture's initialisation, no dropout, no clipping.
     */
    public OptimizerSpec(String updater, double learningRate, double l2) {
        this(updater, learningRate, l2, 0, DEFAULT_MOMENTUM, defaultWeightDecay(updater), null, null, 0, 0);
    }

    /** The decoupled weight decay an updater gets when none is configured: adamw's is 0.01, the others' none. */
    public static double defaultWeightDecay(String updater) {
        return updater != null && updater.trim().equalsIgnoreCase("adamw") ? DEFAULT_ADAMW_WEIGHT_DECAY : 0;
    }

    /**
     * The same settings with every learning rate multiplied by {@code factor} (> 0): the starting rate
     * and the schedule's floor, so the whole schedule is scaled, e.g. to step back after a divergence.
     */
    public OptimizerSpec withLearningRateScaled(double factor) {
        SettingCheck.require(factor > 0 && !Double.isInfinite(factor), "learning-rate factor", factor, "a finite number > 0");
        return rescaled(learningRate * factor, factor);
    }

    /** The same settings starting from {@code rate}; the schedule's floor is scaled along. */
    public OptimizerSpec withLearningRate(double rate) {
        SettingCheck.require(rate > 0 && !Double.isInfinite(rate), "model.learning_rate", rate, "a finite number > 0");
        return rescaled(rate, rate / learningRate);
    }

    private OptimizerSpec rescaled(double rate, double factor) {
        // The floor is capped at the new rate: scaling both by one factor may round the floor above it.
        ScheduleSpec scaledSchedule = schedule.withMinLr(Math.min(schedule.minLr() * factor, rate));
        return new OptimizerSpec(updater, rate, l2, l1, momentum, weightDecay, scaledSchedule, weightInit, dropout, gradientClip);
    }

    /** The same settings with a schedule that ends with a run of {@code iterations} (see {@link ScheduleSpec#withRunLength}). */
    public OptimizerSpec withRunLength(int iterations) {
        ScheduleSpec resolved = schedule.withRunLength(iterations);
        return resolved == schedule ? this : new OptimizerSpec(updater, learningRate, l2, l1, momentum, weightDecay, resolved,
                weightInit, dropout, gradientClip);
    }
}
