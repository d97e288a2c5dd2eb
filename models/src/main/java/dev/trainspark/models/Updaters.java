package dev.trainspark.models;

import dev.trainspark.models.optim.ClassicalMomentum;
import dev.trainspark.models.optim.CosineSchedule;
import dev.trainspark.models.optim.PolynomialSchedule;
import dev.trainspark.models.optim.WarmupSchedule;
import org.nd4j.linalg.learning.config.AdaGrad;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.FixedSchedule;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.nd4j.linalg.schedule.StepSchedule;

/**
 * Maps a validated {@link OptimizerSpec} to DL4J's updater configuration, with its learning-rate
 * schedule. The schedules count iterations ({@code ScheduleType.ITERATION}): DL4J reads the count
 * from the network configuration, which the workers set to the global iteration every round.
 */
final class Updaters {
    private Updaters() {
    }

    static IUpdater of(OptimizerSpec optimizer) {
        double lr = optimizer.learningRate();
        ISchedule schedule = schedule(optimizer);
        // DL4J's own defaults for everything but the rate and momentum (Adam betas 0.9/0.999, epsilons, RMSProp decay 0.95).
        IUpdater updater = switch (optimizer.updater()) {
            case "sgd" -> new Sgd(lr);
            case "momentum" -> new ClassicalMomentum(lr, null, optimizer.momentum());
            case "nesterovs" -> new Nesterovs(lr, optimizer.momentum());
            case "adagrad" -> new AdaGrad(lr);
            case "rmsprop" -> new RmsProp(lr);
            case "adam", "adamw" -> new Adam(lr);
            default -> throw new IllegalStateException("no DL4J updater for " + optimizer.updater());
        };
        if (schedule != null) {
            updater.setLrAndSchedule(lr, schedule);
        }
        return updater;
    }

    /** The rate per iteration, or null for a constant rate. */
    static ISchedule schedule(OptimizerSpec optimizer) {
        ScheduleSpec s = optimizer.schedule();
        double lr = optimizer.learningRate();
        int decayLength = s.totalIterations() - s.warmupIterations();
        ISchedule decay = switch (s.type()) {
            case ScheduleSpec.STEP -> new StepSchedule(ScheduleType.ITERATION, lr, s.gamma(), s.stepSize());
            case ScheduleSpec.EXPONENTIAL -> new ExponentialSchedule(ScheduleType.ITERATION, lr, s.gamma());
            // Before the trainer knows the run's length the network only scores or is saved, never
            // stepped (the trainer refuses such a spec), so the rate may stay where it starts.
            case ScheduleSpec.COSINE -> s.needsRunLength() ? null : new CosineSchedule(lr, s.minLr(), decayLength);
            case ScheduleSpec.POLYNOMIAL -> s.needsRunLength() ? null : new PolynomialSchedule(lr, s.minLr(), s.power(), decayLength);
            default -> null;
        };
        if (s.warmupIterations() == 0) {
            return decay;
        }
        return new WarmupSchedule(decay != null ? decay : new FixedSchedule(lr), s.warmupIterations(), s.warmupStart() * lr);
    }
}
